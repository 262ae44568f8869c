import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateMeetingDto {
  @ApiProperty({ example: 'Programstyrgruppen Millennium', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title: string;

  @ApiProperty({ format: 'date-time', example: '2024-10-11T09:00:00+02:00' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, { message: 'startsAt must be a date and time with a time zone' })
  startsAt: string;

  @ApiPropertyOptional({ example: 'Regionens hus, Vänersborg', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string;
}

export class AgendaDto {
  @ApiProperty({ description: 'A change request in dialogue with a recorded impact assessment' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  changeRequestId: string;
}

export class SignatureDto {
  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'The sha256 of the protocol (Markdown) as it was shown to the signatory' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'protocolSha256 must be 64 lowercase hexadecimal digits' })
  protocolSha256: string;

  @ApiPropertyOptional({ description: 'Sign as a delegate of this member (a valid delegation is required)' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  onBehalfOf?: string;
}

export class RosterMemberResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() organisationName: string;
  @ApiProperty({ enum: ['ordinary', 'substitute'] }) kind: string;
  @ApiProperty() chair: boolean;
  @ApiProperty() voting: boolean;
  @ApiProperty({ description: 'Present at the meeting (false before it opens)' }) present: boolean;
  @ApiProperty() justerare: boolean;
}

export class QuorumResponse {
  @ApiProperty({ type: [String], description: 'Member ids taking part in the item' }) participants: string[];
  @ApiProperty() ordinaryMembers: number;
  @ApiProperty() required: number;
  @ApiProperty() quorate: boolean;
  @ApiProperty({ example: 'Beslutsmässigt: 3 av 5' }) text: string;
}

export class JavWarningResponse {
  @ApiProperty() memberId: string;
  @ApiProperty() name: string;
  @ApiProperty() organisationId: string;
  @ApiProperty({ example: 'Ledamoten företräder VästKom, som är part i ärendet. Överväg jäv.' }) message: string;
}

export class RecusalResponse {
  @ApiProperty() memberId: string;
  @ApiProperty() name: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ReservationResponse {
  @ApiProperty() memberId: string;
  @ApiProperty() name: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class VotesResponse {
  @ApiProperty() for: number;
  @ApiProperty() against: number;
  @ApiProperty() abstain: number;
}

export class ItemDecisionResponse {
  @ApiProperty({ enum: ['approved', 'rejected', 'approved_with_conditions'] }) outcome: string;
  @ApiProperty() rationale: string;
  @ApiProperty({ type: String, nullable: true }) conditions: string | null;
  @ApiProperty({ type: VotesResponse, nullable: true }) votes: VotesResponse | null;
  @ApiProperty({ type: [String] }) participants: string[];
  @ApiProperty({ format: 'date' }) decidedOn: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() by: string;
}

export class AgendaItemResponse {
  @ApiProperty({ description: '§ number' }) position: number;
  @ApiProperty() changeRequestId: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The change request\'s state now' }) requestState: string;
  @ApiProperty({ type: [String], description: 'Organisations that are a party: the requesting organisations and the submitter\'s' }) parties: string[];
  @ApiProperty({ type: QuorumResponse }) quorum: QuorumResponse;
  @ApiProperty({ type: [JavWarningResponse] }) javWarnings: JavWarningResponse[];
  @ApiProperty({ type: [RecusalResponse] }) recusals: RecusalResponse[];
  @ApiProperty({ type: [ReservationResponse] }) reservations: ReservationResponse[];
  @ApiProperty({ type: ItemDecisionResponse, nullable: true }) decision: ItemDecisionResponse | null;
}

export class SignatureResponse {
  @ApiProperty() memberId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['chair', 'justerare'] }) capacity: string;
  @ApiProperty() protocolSha256: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'The signing method (the built-in one records the signed-in user)' }) method: string;
  @ApiProperty({ description: 'Whoever signed (a delegate, when onBehalfOf is set)' }) signedBy: string;
  @ApiProperty({ description: 'false when the protocol has changed since the signature' }) valid: boolean;
}

export class MeetingResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'PSG 2024-10-11' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, nullable: true }) place: string | null;
  @ApiProperty({ example: 'opened' }) state: string;
  @ApiProperty({
    description: 'The full XState state value: "opened", or { "closed": "partly_signed" } while the minutes are being signed',
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
  })
  stateValue: unknown;
  @ApiProperty({ example: 'Pågår' }) stateLabel: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [RosterMemberResponse] }) roster: RosterMemberResponse[];
  @ApiProperty({ type: [AgendaItemResponse] }) agenda: AgendaItemResponse[];
  @ApiProperty({ type: [SignatureResponse] }) signatures: SignatureResponse[];
  @ApiProperty({ description: 'sha256 of the protocol as it stands now (what signatories sign)' }) protocolSha256: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) openedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) justeratAt: string | null;
  @ApiProperty({ type: [String] }) allowedEvents: string[];
}

export class MeetingSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty() reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty() state: string;
  @ApiProperty() stateLabel: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) justeratAt: string | null;
}

export class MeetingListResponse {
  @ApiProperty({ type: [MeetingSummaryResponse] }) items: MeetingSummaryResponse[];
  @ApiProperty() total: number;
}

export class OutgoingMessageResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'PSG 2024-10-11 § 1 sjuharad' }) registration: string;
  @ApiProperty() meetingId: string;
  @ApiProperty() changeRequestId: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) acknowledgedBy: string | null;
}

export class OutgoingMessageListResponse {
  @ApiProperty({ type: [OutgoingMessageResponse] }) items: OutgoingMessageResponse[];
}

export class AgendaCandidateResponse {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty() title: string;
}
