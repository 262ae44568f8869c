import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OnBehalfOfResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class ActorRefResponse {
  @ApiProperty({ example: 'vgr.handlaggare' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'vgr' }) organisationId: string;
  @ApiProperty({ example: 'vgr' }) role: string;
  @ApiPropertyOptional({ type: OnBehalfOfResponse, description: 'A delegate\'s principal' }) onBehalfOf?: OnBehalfOfResponse;
}

export class DecisionParticipantResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() organisationId: string;
}

export class DecisionRecusalResponse {
  @ApiProperty() memberId: string;
  @ApiProperty() name: string;
  @ApiProperty() reason: string;
}

export class DecisionVotesResponse {
  @ApiProperty() for: number;
  @ApiProperty() against: number;
  @ApiProperty() abstain: number;
}

export class DecisionMeetingResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'PSG 2024-10-11' }) reference: string;
  @ApiProperty({ type: [DecisionParticipantResponse], description: 'Who took part in the decision' }) participants: DecisionParticipantResponse[];
  @ApiProperty() ordinaryMembers: number;
  @ApiProperty({ description: 'Participants the quorum required' }) required: number;
  @ApiProperty({ type: [DecisionRecusalResponse] }) recused: DecisionRecusalResponse[];
  @ApiProperty({ type: DecisionVotesResponse, nullable: true }) votes: DecisionVotesResponse | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the minutes were adjusted (justerade); null until then' })
  justeratAt: string | null;
}

export class RequestMeetingResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'PSG 2024-10-11' }) reference: string;
  @ApiProperty({ example: 'opened' }) state: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) justeratAt: string | null;
}

export class ThreadEntryResponse {
  @ApiProperty({ description: 'Position in the thread, 1, 2, 3 …' }) n: number;
  @ApiProperty({ description: 'The event that wrote it', example: 'COMMENT' }) kind: string;
  @ApiProperty() text: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: ActorRefResponse }) by: ActorRefResponse;
}

export class ThreadPageResponse {
  @ApiProperty({ type: [ThreadEntryResponse], description: 'Oldest first' }) items: ThreadEntryResponse[];
  @ApiProperty({ description: 'Entries in the whole thread' }) total: number;
}

export class ImpactAssessmentResponse {
  @ApiProperty() text: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: ActorRefResponse }) by: ActorRefResponse;
}

export class DecisionResponse {
  @ApiProperty({ enum: ['approved', 'rejected', 'approved_with_conditions'] }) outcome: string;
  @ApiProperty() rationale: string;
  @ApiProperty() meetingReference: string;
  @ApiProperty({ nullable: true, type: String }) conditions: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedGoLive: string | null;
  @ApiProperty({
    required: false,
    format: 'date',
    description: 'The day the steering group decided (its meeting); `at` is when the decision was registered',
  })
  decidedOn?: string;
  @ApiProperty({ description: 'When the decision was registered' }) at: string;
  @ApiProperty({ type: ActorRefResponse }) by: ActorRefResponse;
  @ApiPropertyOptional({ type: DecisionMeetingResponse, description: 'The meeting of programstyrgruppen the decision was taken at' })
  meeting?: DecisionMeetingResponse;
}

export class CancelledActionResponse {
  @ApiProperty() at: string;
  @ApiProperty({ type: ActorRefResponse }) by: ActorRefResponse;
  @ApiProperty() reason: string;
}

export class CommunicationActionResponse {
  @ApiProperty({ example: 'k1' }) id: string;
  @ApiProperty({ enum: ['internal', 'external'] }) audience: string;
  @ApiProperty() channel: string;
  @ApiProperty({ nullable: true, type: String }) plannedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) doneAt: string | null;
  @ApiProperty({ nullable: true, type: ActorRefResponse }) doneBy: ActorRefResponse | null;
  @ApiProperty({ nullable: true, type: String }) link: string | null;
  @ApiProperty({ nullable: true, type: CancelledActionResponse, description: 'Set when the action was called off' })
  cancelled: CancelledActionResponse | null;
}

export class SpokespersonResponse {
  @ApiProperty() name: string;
  @ApiProperty() title: string;
}

export class WithdrawalResponse {
  @ApiProperty() reason: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: ActorRefResponse }) by: ActorRefResponse;
}

export class WorkflowRefResponse {
  @ApiProperty({ example: 'andringsbegaran' }) id: string;
  @ApiProperty() version: number;
}

export class ChangeRequestSummaryResponse {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String, example: 'ÄB-2024-0001' }) reference: string | null;
  @ApiProperty() title: string;
  @ApiProperty() type: string;
  @ApiProperty({ example: 'dialogue' }) state: string;
  @ApiProperty({ example: 'Dialog' }) stateLabel: string;
  @ApiProperty({ description: 'In a final state of its workflow' }) closed: boolean;
  @ApiProperty({ type: [String] }) requestingOrganisations: string[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() stateEnteredAt: string;
  @ApiProperty() daysInState: number;
  @ApiProperty({ nullable: true, type: String }) receivedAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date',
    description: 'The nearest due date of its running deadlines (Europe/Stockholm, a working day); null when none runs',
  })
  dueAt: string | null;
  @ApiProperty({ description: 'A running deadline is past its due date' }) overdue: boolean;
}

export class DeadlineResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'respond', description: "The rule's kind in the workflow definition (settings.deadlines)" }) kind: string;
  @ApiProperty({ example: 'Svar på begärd komplettering' }) label: string;
  @ApiProperty({ type: [String], example: ['vastkom', 'municipality'], description: 'Whose move it is: the roles that act to meet it' })
  awaits: string[];
  @ApiProperty() startedAt: string;
  @ApiProperty({ format: 'date', example: '2025-01-03', description: 'Due on this day (Europe/Stockholm); overdue from the next' })
  dueAt: string;
  @ApiProperty({ enum: ['open', 'met', 'overdue'] }) status: 'open' | 'met' | 'overdue';
  @ApiProperty({ nullable: true, type: String }) metAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The event that met it' }) metBy: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Not running since then (the requester is asked for information); the due date moves by the working days lost',
  })
  pausedSince: string | null;
}

export class ChangeRequestListResponse {
  @ApiProperty({ type: [ChangeRequestSummaryResponse] }) items: ChangeRequestSummaryResponse[];
  @ApiProperty({
    description:
      'Requests the filter matches, counted up to the next multiple of 1,000 past this page; when more match, this bound (see totalExact)',
  })
  total: number;
  @ApiProperty({ description: 'false: more than total requests match (the count stopped there); page on with nextCursor' })
  totalExact: boolean;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as cursor (with the same sort and order) for the next page; null on the last page',
  })
  nextCursor: string | null;
}

export class ReportNarrativeResponse {
  @ApiProperty({ description: '"Kända omständigheter" as the report shows it' }) text: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: ActorRefResponse }) by: ActorRefResponse;
}

export class ChangeRequestResponse extends ChangeRequestSummaryResponse {
  @ApiProperty({ type: WorkflowRefResponse }) workflow: WorkflowRefResponse;
  @ApiProperty() description: string;
  @ApiProperty() justification: string;
  @ApiProperty({ nullable: true, type: String }) requestedGoLive: string | null;
  @ApiProperty({
    description: 'The full XState state value: a string for a simple state, e.g. "draft", an object for a nested one, e.g. { "dialogue": "open" }',
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
  })
  stateValue: unknown;
  @ApiProperty({ type: ActorRefResponse }) createdBy: ActorRefResponse;
  @ApiProperty({ type: ActorRefResponse, nullable: true }) submittedBy: ActorRefResponse | null;
  @ApiProperty({ type: [ThreadEntryResponse], description: 'The dialogue thread: its newest entries (at most 20), oldest first; GET …/thread pages back' })
  thread: ThreadEntryResponse[];
  @ApiProperty({ description: 'Entries in the whole thread' }) threadTotal: number;
  @ApiProperty({ type: ImpactAssessmentResponse, nullable: true }) impactAssessment: ImpactAssessmentResponse | null;
  @ApiProperty({ type: DecisionResponse, nullable: true }) decision: DecisionResponse | null;
  @ApiProperty({ type: [CommunicationActionResponse] }) communicationActions: CommunicationActionResponse[];
  @ApiProperty({ type: [SpokespersonResponse] }) spokespersons: SpokespersonResponse[];
  @ApiPropertyOptional({ type: String, nullable: true }) organisationComment: string | null;
  @ApiProperty({
    type: ReportNarrativeResponse,
    nullable: true,
    description: 'The situation as communications or VGR wrote it for the report (WRITE_REPORT_NARRATIVE); the dialogue stays out of the report',
  })
  reportNarrative: ReportNarrativeResponse | null;
  @ApiPropertyOptional({ type: String, nullable: true }) communicatedAt: string | null;
  @ApiPropertyOptional({ type: WithdrawalResponse, nullable: true }) withdrawal: WithdrawalResponse | null;
  @ApiProperty({ type: [DeadlineResponse], description: 'Every deadline the request has had, oldest first' })
  deadlines: DeadlineResponse[];
  @ApiProperty({ type: [RequestMeetingResponse], description: 'Meetings of programstyrgruppen whose agenda holds the request, oldest first' })
  meetings: RequestMeetingResponse[];
  @ApiProperty({ type: [String], description: 'Events the caller may send now' }) allowedEvents: string[];
}
