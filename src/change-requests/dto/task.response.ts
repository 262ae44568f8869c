import { ApiProperty } from '@nestjs/swagger';
import { ChangeRequestSummaryResponse } from './change-request.response';

export class TaskEventResponse {
  @ApiProperty({ example: 'ACKNOWLEDGE' }) type: string;
  @ApiProperty({ example: 'Kvittera' }) label: string;
}

export class TaskDeadlineResponse {
  @ApiProperty({ example: 'acknowledge' }) kind: string;
  @ApiProperty({ example: 'Kvittera inlämnad begäran' }) label: string;
}

export class TaskResponse {
  @ApiProperty({ type: ChangeRequestSummaryResponse }) changeRequest: ChangeRequestSummaryResponse;
  @ApiProperty({ type: [TaskEventResponse], description: 'What the caller can do now to move it forward' })
  events: TaskEventResponse[];
  @ApiProperty({ nullable: true, type: String, format: 'date', description: "Due date of the running deadline awaiting the caller's role" })
  dueAt: string | null;
  @ApiProperty({ description: 'Past its due date ("Försenad")' }) overdue: boolean;
  @ApiProperty({ type: TaskDeadlineResponse, nullable: true }) deadline: TaskDeadlineResponse | null;
}

export class TaskListResponse {
  @ApiProperty({ type: [TaskResponse], description: 'Nearest due date first; tasks without one last' }) items: TaskResponse[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'How many of them are overdue' }) overdue: number;
}
