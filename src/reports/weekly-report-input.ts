import { stockholmDate } from '../calendar';
import { deadlineRules } from '../change-requests/change-request-deadlines';
import type {
  ChangeRequestReader,
  LoadedRequest,
  Moment,
} from '../change-requests/change-request-reader';
import type { CommunicationAction } from '../change-requests/change-request.types';
import { daysSince } from '../change-requests/change-request.mapper';
import type { ChainHead } from '../audit/audit.repository';
import type { Sql } from '../database/sql';
import type { WeeklyActionRow, WeeklyReportInput, WeeklyRow } from './report.types';
import { formatDate, type IsoWeek } from './renderers';

/** The week's period: Monday 00:00 and the next Monday 00:00 Europe/Stockholm, ISO UTC. */
export type WeekPeriod = Pick<IsoWeek, 'from' | 'to'>;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** How many requests a weekly report's section lists at most. */
export const WEEKLY_SECTION_LIMIT = 1000;
/** Rows a section of the weekly report shows; beyond them it gives the count and the list to see. */
export const WEEKLY_SECTION_ROWS = 50;
/**
 * How far the report counts the open requests of a state and the overdue deadlines: beyond it, it
 * says "fler än 10 000" (so the report costs the same over a thousand requests or a million).
 */
export const WEEKLY_COUNT_BOUND = 10_000;
/** Longest-waiting open requests shown per state. */
export const WEEKLY_OPEN_PER_STATE = 10;

/** What reading the weekly report needs besides the change-request read API. */
export interface WeeklyReportSources {
  requests: ChangeRequestReader;
  organisations: { names(db: Sql, ids: Iterable<string>): Promise<Map<string, string>> };
  audit: { headBefore(db: Sql, at: string): Promise<ChainHead> };
}

/** An action not yet done counts as due in the week when it is planned before the week ends, or not dated. */
function dueBefore(action: Pick<CommunicationAction, 'plannedAt'>, week: WeekPeriod): boolean {
  if (!action.plannedAt) return true;
  if (DATE_ONLY.test(action.plannedAt)) {
    // A plain date names a Stockholm calendar day: due when it is on or before the week's Sunday.
    return action.plannedAt <= formatDate(new Date(Date.parse(week.to) - 1));
  }
  const at = Date.parse(action.plannedAt);
  return Number.isNaN(at) || at < Date.parse(week.to);
}

/**
 * Reads what the weekly Regional rapport shows, in the caller's read transaction (one consistent
 * snapshot, so the anchor and the rows describe the same moment). Needs no Nest container: the
 * server's long-read worker process (audit-worker.ts) reads it on a connection of its own.
 */
export class WeeklyReportReader {
  constructor(private readonly sources: WeeklyReportSources) {}

  async read(db: Sql, week: string, period: WeekPeriod, now: Date): Promise<WeeklyReportInput> {
    const { requests, organisations, audit } = this.sources;
    const { from, to } = period;
    const between = (moment: Moment) =>
      requests.happenedBetween(db, moment, from, to, WEEKLY_SECTION_ROWS);
    const received = await between('received_at');
    const decided = await between('decided_at');
    const communicated = await between('communicated_at');
    const totals = {
      received: await this.countIfFull(db, 'received_at', period, received.length),
      decided: await this.countIfFull(db, 'decided_at', period, decided.length),
      communicated: await this.countIfFull(db, 'communicated_at', period, communicated.length),
    };
    const openCounts = await requests.openCountsBefore(db, to, WEEKLY_COUNT_BOUND);
    const open: LoadedRequest[] = [];
    const openByState: NonNullable<WeeklyReportInput['openByState']> = [];
    for (const { state, count, exact } of openCounts) {
      const longest = await requests.openInStateBefore(db, state, to, WEEKLY_OPEN_PER_STATE);
      if (longest.length === 0) continue;
      open.push(...longest);
      openByState.push({
        state,
        stateLabel: longest[0].workflow.stateLabel(longest[0].persisted.value),
        count,
        ...(exact ? {} : { exact }),
        list: `/#/?state=${encodeURIComponent(state)}&sort=updated&order=asc`,
      });
    }
    // In the order the workflow goes through its states, not alphabetically.
    const order = (state: string) => {
      const states = open[0] ? Object.keys(open[0].workflow.definition.states) : [];
      return states.includes(state) ? states.indexOf(state) : states.length;
    };
    openByState.sort((a, b) => order(a.state) - order(b.state));
    const openActions = await requests.openActionsOfDecided(db, WEEKLY_SECTION_LIMIT);
    // Overdue as the week ended: open on Sunday night with a due date before Monday.
    const overdue = await requests.overdueAt(
      db,
      to,
      stockholmDate(new Date(to)),
      WEEKLY_SECTION_ROWS,
      WEEKLY_COUNT_BOUND,
    );
    const head = await audit.headBefore(db, to);

    const all = [...received, ...decided, ...communicated, ...open, ...overdue.rows];
    const names = await organisations.names(
      db,
      all.flatMap((r) => r.context.requestingOrganisations),
    );
    // When the minutes of the meetings that took the week's decisions were adjusted (one statement).
    const justering = await this.sources.requests.meetingJustering(db, [
      ...new Set(decided.flatMap((r) => (r.context.decision?.meeting ? [r.context.decision.meeting.id] : []))),
    ]);
    const row = (request: LoadedRequest, at: string | null): WeeklyRow => ({
      id: request.row.id,
      reference: request.row.reference,
      title: request.row.title,
      state: request.row.state,
      stateLabel: request.workflow.stateLabel(request.persisted.value),
      requestingOrganisationNames: request.context.requestingOrganisations.map(
        (id) => names.get(id) ?? id,
      ),
      at,
    });
    const due = openActions.filter((action) => dueBefore(action, period));
    const actionsDue: WeeklyActionRow[] = due.slice(0, WEEKLY_SECTION_ROWS);
    return {
      week,
      from,
      to,
      compiledAt: now.toISOString(),
      received: received.map((r) => row(r, r.row.received_at)),
      decided: decided.map((r) => {
        const m = r.context.decision?.meeting;
        return {
          ...row(r, r.row.decided_at),
          outcome: r.context.decision?.outcome ?? null,
          meeting: m
            ? { reference: m.reference, participants: m.participants.length, ordinaryMembers: m.ordinaryMembers, justeratAt: justering.get(m.id) ?? null }
            : null,
        };
      }),
      communicated: communicated.map((r) => row(r, r.row.communicated_at)),
      open: open.map((r) => ({
        ...row(r, r.row.state_entered_at),
        daysInState: daysSince(r.row.state_entered_at, now),
      })),
      actionsDue,
      overdue: overdue.rows.map((r) => ({
        ...row(r, r.row.state_entered_at),
        deadline:
          deadlineRules(r.workflow.definition).find((rule) => rule.kind === r.kind)?.label ??
          r.kind,
        dueAt: r.dueOn,
      })),
      totals: { ...totals, actionsDue: due.length, overdue: overdue.total },
      ...(overdue.totalExact ? {} : { totalsAtLeast: { overdue: true as const } }),
      openByState,
      audit: { head: head.hash, entries: head.seq },
    };
  }

  /** The section's count, read only when its rows filled the section (otherwise it is their number). */
  private async countIfFull(
    db: Sql,
    moment: Moment,
    period: WeekPeriod,
    shown: number,
  ): Promise<number> {
    return shown < WEEKLY_SECTION_ROWS
      ? shown
      : this.sources.requests.countBetween(db, moment, period.from, period.to);
  }
}
