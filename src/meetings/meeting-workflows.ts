import { Injectable } from '@nestjs/common';
import { WorkflowDirectory } from '../workflow/workflow-directory';
import type { WorkflowInterpreter } from '../workflow/workflow-interpreter';
import { MEETING_BEHAVIOURS } from './meeting-behaviours';
import type { MeetingContext } from '../meeting-store/meeting.types';

export const DEFAULT_MEETING_WORKFLOW = 'sammantrade';

export type MeetingWorkflow = WorkflowInterpreter<MeetingContext>;

/** The workflows of kind `meeting` (workflows/sammantrade.json), validated against the meeting behaviours. */
@Injectable()
export class MeetingWorkflows {
  private readonly set;

  constructor(directory: WorkflowDirectory) {
    this.set = directory.claim(MEETING_BEHAVIOURS);
  }

  forNew(): MeetingWorkflow {
    const workflow = this.set.find(DEFAULT_MEETING_WORKFLOW) ?? this.set.list()[0];
    if (!workflow) throw new Error('No workflow of kind "meeting" is loaded (workflows/sammantrade.json)');
    return workflow;
  }

  forCase(id: string, version: number): MeetingWorkflow {
    return this.set.forCase(id, version);
  }
}
