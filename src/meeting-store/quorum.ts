import type { ItemQuorum, MeetingContext, RosterMember } from './meeting.types';

/**
 * Who takes part in deciding an agenda item (SPEC §10). Ordinary members present and not recused
 * take part; a substitute present serves only for an ordinary member of the same organisation who
 * is absent or recused on this item (one substitute per such member, roster order). The body is
 * quorate when the participants are more than `rules.quorumShare` of the ordinary members.
 */
export function itemQuorum(meeting: Pick<MeetingContext, 'roster' | 'present' | 'agenda' | 'rules'>, changeRequestId: string): ItemQuorum {
  const item = meeting.agenda.find((i) => i.changeRequestId === changeRequestId);
  const recused = new Set(item?.recusals.map((r) => r.memberId) ?? []);
  const present = new Set(meeting.present);
  const ordinary = meeting.roster.filter((m) => m.kind === 'ordinary' && m.voting);
  const participants: RosterMember[] = ordinary.filter((m) => present.has(m.id) && !recused.has(m.id));
  const vacancies = new Map<string, number>();
  for (const m of ordinary) {
    if (!present.has(m.id) || recused.has(m.id)) vacancies.set(m.organisationId, (vacancies.get(m.organisationId) ?? 0) + 1);
  }
  for (const s of meeting.roster.filter((m) => m.kind === 'substitute' && m.voting)) {
    const open = vacancies.get(s.organisationId) ?? 0;
    if (open > 0 && present.has(s.id) && !recused.has(s.id)) {
      participants.push(s);
      vacancies.set(s.organisationId, open - 1);
    }
  }
  const required = Math.floor(ordinary.length * meeting.rules.quorumShare) + 1;
  return { participants, ordinaryMembers: ordinary.length, required, quorate: participants.length >= required, recused: [...recused] };
}

/** "2 av 5 närvarande; minst 3 krävs". */
export function quorumMessage(q: ItemQuorum): string {
  return `${q.participants.length} av ${q.ordinaryMembers} närvarande; minst ${q.required} krävs`;
}

export interface Votes {
  for: number;
  against: number;
  abstain: number;
}

/** Why votes do not fit the decision (null when they do): the majority rule, and no more votes than participants. */
export function votesProblem(votes: Votes, participants: number): string | null {
  const cast = votes.for + votes.against + votes.abstain;
  if (cast > participants) return `${cast} röster men ${participants} deltar i beslutet`;
  if (votes.for <= votes.against) return `beslutet har inte majoritet: ${votes.for} för, ${votes.against} emot`;
  return null;
}
