import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  ActorRef,
  CommunicationAction,
  Decision,
  ImpactAssessment,
  Spokesperson,
  ThreadEntry,
  Withdrawal,
} from '../change-request.types';

export class ChangeRequestSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String, example: 'ÄB-2024-0001' }) reference: string | null;
  @ApiProperty() title: string;
  @ApiProperty() type: string;
  @ApiProperty({ example: 'dialogue' }) state: string;
  @ApiProperty({ example: 'Dialog' }) stateLabel: string;
  @ApiProperty({ type: [String] }) requestingOrganisations: string[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() stateEnteredAt: string;
  @ApiProperty() daysInState: number;
  @ApiProperty({ nullable: true, type: String }) receivedAt: string | null;
}

export class ChangeRequestListResponse {
  @ApiProperty({ type: [ChangeRequestSummaryResponse] }) items: ChangeRequestSummaryResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ChangeRequestResponse extends ChangeRequestSummaryResponse {
  @ApiProperty() workflow: { id: string; version: number };
  @ApiProperty() description: string;
  @ApiProperty() justification: string;
  @ApiProperty({ nullable: true, type: String }) requestedGoLive: string | null;
  @ApiProperty({ description: 'The full XState state value, e.g. { "dialogue": "open" }' }) stateValue: unknown;
  @ApiProperty() createdBy: ActorRef;
  @ApiPropertyOptional() submittedBy: ActorRef | null;
  @ApiProperty({ description: 'The dialogue thread' }) thread: ThreadEntry[];
  @ApiPropertyOptional() impactAssessment: ImpactAssessment | null;
  @ApiPropertyOptional() decision: Decision | null;
  @ApiProperty() communicationActions: CommunicationAction[];
  @ApiProperty() spokespersons: Spokesperson[];
  @ApiPropertyOptional({ type: String }) organisationComment: string | null;
  @ApiPropertyOptional({ type: String }) communicatedAt: string | null;
  @ApiPropertyOptional() withdrawal: Withdrawal | null;
  @ApiProperty({ type: [String], description: 'Events the caller may send now' }) allowedEvents: string[];
}
