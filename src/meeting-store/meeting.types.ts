import type { ActorRef } from '../common/actor';

/** One place on programstyrgruppen's roster (SPEC §10): an ordinary member or a substitute (ersättare). */
export interface RosterMember {
  /** The member's user id: whoever signs in as this user acts as the member. */
  id: string;
  name: string;
  /** The organisation the member represents (vgr, vastkom, leverantor …): a party when it requests. */
  organisationId: string;
  organisationName: string;
  kind: 'ordinary' | 'substitute';
  chair: boolean;
  voting: boolean;
}

/** How the body decides, frozen into each meeting when it is planned (the definition's settings). */
export interface MeetingRules {
  /** Quorate when more than this share of the ordinary members take part (0.5: more than half). */
  quorumShare: number;
  /** `simple`: the votes for the decision must outnumber the votes against it. */
  majority: 'simple';
}

export interface Recusal {
  memberId: string;
  name: string;
  reason: string;
  at: string;
  by: ActorRef;
}

export interface Reservation {
  memberId: string;
  name: string;
  text: string;
  at: string;
}

export interface AgendaItem {
  changeRequestId: string;
  reference: string | null;
  title: string;
  /** Organisations that are a party to the request: its requesting organisations and whoever submitted it. */
  parties: string[];
  recusals: Recusal[];
  reservations: Reservation[];
}

export interface Signature {
  memberId: string;
  name: string;
  /** chair (ordförande) or justerare. */
  capacity: 'chair' | 'justerare';
  protocolSha256: string;
  at: string;
  /** How the signature was made (the signing provider) and by whom. */
  method: string;
  signedBy: ActorRef;
}

export interface MeetingContext {
  reference: string;
  title: string;
  startsAt: string;
  place: string | null;
  createdBy: ActorRef;
  rules: MeetingRules;
  /** The roster as it stood when the meeting was planned. */
  roster: RosterMember[];
  /** Members present (set at the opening, changed while the meeting is on). */
  present: string[];
  justerare: string | null;
  openedAt: string | null;
  closedAt: string | null;
  agenda: AgendaItem[];
  signatures: Signature[];
  /** The sha256 of the protocol as it stood when last sealed (closing, a signature, a late reservation). */
  protocolSha256: string | null;
  justeratAt: string | null;
  cancellation: { reason: string; at: string; by: ActorRef } | null;
}

/** Who takes part in the decision of one item, and whether they are enough. */
export interface ItemQuorum {
  /** Ordinary members, and substitutes serving for an absent or recused ordinary member of their organisation. */
  participants: RosterMember[];
  ordinaryMembers: number;
  required: number;
  quorate: boolean;
  recused: string[];
}

/** How the body decided (SPEC §10): at which meeting, who took part, jäv and the votes. */
export interface DecisionMeeting {
  id: string;
  reference: string;
  participants: { id: string; name: string; organisationId: string }[];
  ordinaryMembers: number;
  required: number;
  recused: { memberId: string; name: string; reason: string }[];
  votes: { for: number; against: number; abstain: number } | null;
  /** When the meeting's minutes were adjusted (justerade): added when read back with the meeting, never stored. */
  justeratAt?: string | null;
}
