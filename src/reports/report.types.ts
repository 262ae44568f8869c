import type { OpenAction } from '../change-requests/change-request-reader';
import type {
  ChangeRequestContext,
  CommunicationAction,
  Spokesperson,
  ThreadEntry,
} from '../change-requests/change-request.types';

/** A request as the extra report shows it: its fields and its rows of dialogue, communication and spokespersons. */
export type ExtraReportData = Omit<ChangeRequestContext, 'counts' | 'openActions'> & {
  thread: ThreadEntry[];
  communicationActions: CommunicationAction[];
  spokespersons: Spokesperson[];
};

/** Everything the extra report (extrainsatt rapport) for one request shows. */
export interface ExtraReportInput {
  /** When the report was compiled (ISO, UTC); rendered in Europe/Stockholm time. */
  compiledAt: string;
  id: string;
  state: string;
  stateLabel: string;
  /** Names of the requesting organisations, e.g. ["Sjuhärads kommunalförbund"]. */
  requestingOrganisationNames: string[];
  /** Name of the organisation that formally submitted (VästKom), when submitted. */
  submittedViaName: string | null;
  data: ExtraReportData;
}

export interface WeeklyRow {
  id: string;
  reference: string | null;
  title: string;
  state: string;
  stateLabel: string;
  requestingOrganisationNames: string[];
  /** ISO timestamp of the relevant moment (received, decided, communicated). */
  at: string | null;
  /** Days since the request entered its current state (open requests). */
  daysInState?: number;
  outcome?: string | null;
  /** The meeting a decision was taken at: its reference, who took part, and when its minutes were adjusted. */
  meeting?: { reference: string; participants: number; ordinaryMembers: number; justeratAt: string | null } | null;
}

/** A communication action still to carry out, as the change-request module's read API gives it. */
export type WeeklyActionRow = OpenAction;

export interface WeeklyReportInput {
  /** ISO week, e.g. "2024-W41". */
  week: string;
  /** Monday 00:00 and next Monday 00:00 Europe/Stockholm, as ISO UTC. */
  from: string;
  to: string;
  compiledAt: string;
  received: WeeklyRow[];
  decided: WeeklyRow[];
  communicated: WeeklyRow[];
  open: WeeklyRow[];
  /** Requests with a deadline overdue at the week's end: the deadline and its due date. */
  overdue?: (WeeklyRow & { deadline: string; dueAt: string })[];
  /** Planned communication actions not yet done whose plannedAt is before `to` (or unset). */
  actionsDue: WeeklyActionRow[];
  /**
   * How many there are in each section when that is more than its rows: the report shows the
   * first ones and says how many there are and where the whole list is.
   */
  totals?: Partial<Record<'received' | 'decided' | 'communicated' | 'actionsDue' | 'overdue', number>>;
  /**
   * The totals that were counted only up to a bound (WEEKLY_COUNT_BOUND) and are more: the total
   * given is the bound, and the report says "fler än". Absent: every total is exact.
   */
  totalsAtLeast?: Partial<Record<'overdue', true>>;
  /**
   * Open requests per state (rows in `open` are the longest-waiting few of each). `exact: false`:
   * the state has more than `count` (the bound it was counted to).
   */
  openByState?: { state: string; stateLabel: string; count: number; exact?: boolean; list: string }[];
  audit: { head: string; entries: number };
}
