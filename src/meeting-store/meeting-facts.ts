import { stockholmDate } from '../calendar';
import type { DecisionMeeting, MeetingContext } from './meeting.types';
import type { MeetingRow } from './meetings.repository';
import { itemQuorum } from './quorum';

/**
 * What the preparation checkMeeting found about the meeting a DECIDE names (`facts.meeting`).
 * Before it has run (when the API works out which events are allowed) the meeting guards cannot
 * know and let the event through; the service decides again with the facts.
 */
export interface MeetingFact extends Omit<DecisionMeeting, 'votes'> {
  found: boolean;
  state: string;
  stateLabel: string;
  onAgenda: boolean;
  quorate: boolean;
  /** The meeting's date in Sweden: the decision's date. */
  startsOn: string;
}

/** What a DECIDE on `changeRequestId` needs to know about the meeting it names. */
export function meetingFactFor(row: MeetingRow, changeRequestId: string, stateLabel: string): MeetingFact {
  const context = (JSON.parse(row.snapshot) as { context: MeetingContext }).context;
  const item = context.agenda.find((i) => i.changeRequestId === changeRequestId);
  const q = itemQuorum(context, changeRequestId);
  return {
    id: row.id,
    reference: row.reference,
    found: true,
    state: row.state,
    stateLabel,
    onAgenda: item !== undefined,
    quorate: q.quorate,
    participants: q.participants.map((m) => ({ id: m.id, name: m.name, organisationId: m.organisationId })),
    ordinaryMembers: q.ordinaryMembers,
    required: q.required,
    recused: (item?.recusals ?? []).map((r) => ({ memberId: r.memberId, name: r.name, reason: r.reason })),
    startsOn: stockholmDate(new Date(row.starts_at)),
  };
}

export function missingMeeting(id: string | null): MeetingFact {
  return {
    id: id ?? '',
    reference: id ?? '',
    found: false,
    state: '',
    stateLabel: '',
    onAgenda: false,
    quorate: false,
    participants: [],
    ordinaryMembers: 0,
    required: 0,
    recused: [],
    startsOn: '',
  };
}
