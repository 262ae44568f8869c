import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OnBehalfOfResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

/** One entry of the decision history, exactly as it was hashed, with its hash. */
export class AuditEntryResponse {
  @ApiProperty({ description: 'Its place in the chain: the same number in exports, reports and the weekly anchor' }) seq: number;
  @ApiProperty({ description: 'ISO 8601 UTC' }) at: string;
  @ApiPropertyOptional({ example: 'change_request', description: 'Absent on the oldest entries (scheme 1)' }) subjectType?: string;
  @ApiPropertyOptional() subjectId?: string;
  @ApiProperty({ type: String, nullable: true }) changeRequestId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ÄB-2024-0001' }) reference: string | null;
  @ApiProperty({ example: 'DECIDE' }) eventType: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty() actorId: string;
  @ApiProperty() actorName: string;
  @ApiProperty() actorOrganisation: string;
  @ApiProperty() actorRole: string;
  @ApiPropertyOptional({ type: OnBehalfOfResponse, nullable: true }) onBehalfOf?: OnBehalfOfResponse | null;
  @ApiProperty({ type: String, nullable: true, description: 'JSON of the state before (null when the subject was created)' })
  stateBefore: string | null;
  @ApiProperty({ description: 'JSON of the state after' }) stateAfter: string;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class AuditEntriesResponse {
  @ApiProperty({ type: [AuditEntryResponse], description: 'Newest first' }) items: AuditEntryResponse[];
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as beforeSeq for the next (older) page; null on the last' })
  nextBeforeSeq: number | null;
}

export class AuditHistoryResponse {
  @ApiProperty({ type: [AuditEntryResponse], description: 'Oldest first' }) items: AuditEntryResponse[];
}
