import { CHANGE_REQUEST_BEHAVIOURS } from './change-requests/change-request-behaviours';
import { MEETING_BEHAVIOURS } from './meetings/meeting-behaviours';
import type { BehaviourRegistry } from './workflow/behaviours';

/** Every kind of case the product has, with its behaviours: what workflows/*.json may use. */
export const WORKFLOW_KINDS: BehaviourRegistry<unknown>[] = [
  CHANGE_REQUEST_BEHAVIOURS as BehaviourRegistry<unknown>,
  MEETING_BEHAVIOURS as BehaviourRegistry<unknown>,
];
