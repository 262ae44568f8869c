import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { addWorkingDays, stockholmDate, workingDayOnOrAfter, workingDaysBetween, type CalendarDate } from '../calendar';
import type { WriteContext } from '../database/database';
import { sql } from '../database/sql';
import type { WorkflowDefinition } from '../workflow/workflow.types';

/**
 * One deadline rule of a workflow definition (`settings.deadlines`): started by some events,
 * met by others, due a number of Swedish working days after its start — or on the date a
 * payload field names (moved to the next working day, lag 1930:173) — and, with `pausedWhile`,
 * not running while a deadline of another kind is open (VGR's handling time stops while the
 * requester is asked for more information, and the due date moves by the working days lost).
 */
export interface DeadlineRule {
  kind: string;
  label: string;
  startsOn: string[];
  metBy: string[];
  /** Whose move it is: the roles that act to meet it (the requesting side is vastkom and municipality). */
  awaits: string[];
  workingDays: number;
  dueFromPayload?: string;
  pausedWhile?: string;
}

export type DeadlineStatus = 'open' | 'met' | 'overdue';

export interface DeadlineRow {
  id: string;
  kind: string;
  awaits: string;
  started_at: string;
  due_on: string;
  paused_at: string | null;
  met_at: string | null;
  met_by: string | null;
}

const COLUMNS = 'id, kind, awaits, started_at, due_on, paused_at, met_at, met_by';
const OPEN = sql(`SELECT ${COLUMNS} FROM deadlines WHERE change_request_id = ? AND met_at IS NULL ORDER BY started_at, id`);
const INSERT = sql(`INSERT INTO deadlines (id, change_request_id, kind, awaits, started_at, due_on) VALUES (?, ?, ?, ?, ?, ?)`);
const MEET = sql(`UPDATE deadlines SET met_at = ?, met_by = ?, paused_at = NULL WHERE id = ?`);
// A reminder is sent for a due date: one that moves is reminded again.
const SET_DUE = sql(`UPDATE deadlines SET due_on = ?, paused_at = ?,
  reminded_before_on = CASE WHEN reminded_before_on = ? THEN reminded_before_on ELSE NULL END,
  reminded_overdue_on = CASE WHEN reminded_overdue_on = ? THEN reminded_overdue_on ELSE NULL END WHERE id = ?`);
const NEXT_DUE = sql(`UPDATE change_requests SET next_due_on = ? WHERE id = ?`);

const isRule = (r: unknown): r is DeadlineRule => {
  const rule = r as DeadlineRule;
  return (
    typeof rule?.kind === 'string' &&
    typeof rule.label === 'string' &&
    Array.isArray(rule.startsOn) &&
    Array.isArray(rule.metBy) &&
    Array.isArray(rule.awaits) &&
    rule.awaits.every((role) => typeof role === 'string' && /^[a-z_]+$/.test(role)) &&
    Number.isInteger(rule.workingDays) &&
    rule.workingDays >= 0
  );
};

/** The definition's deadline rules; a malformed rule is a definition error, found at start-up. */
export function deadlineRules(definition: WorkflowDefinition): DeadlineRule[] {
  const rules = (definition.settings?.deadlines ?? []) as unknown[];
  if (!Array.isArray(rules)) throw new Error(`${definition.id}: settings.deadlines must be a list`);
  for (const [i, rule] of rules.entries()) {
    if (!isRule(rule)) throw new Error(`${definition.id}: settings.deadlines[${i}] is not a deadline rule`);
    for (const event of [...rule.startsOn, ...rule.metBy]) {
      if (!definition.events[event]) throw new Error(`${definition.id}: settings.deadlines[${i}] names an unknown event ${event}`);
    }
  }
  return rules as DeadlineRule[];
}

/** The condition on `change_requests cr` for a running deadline awaiting a role (one parameter: `%,<role>,%`). */
export function awaitingRole(): string {
  return `EXISTS (SELECT 1 FROM deadlines d WHERE d.change_request_id = cr.id AND d.met_at IS NULL AND d.paused_at IS NULL
    AND (',' || d.awaits || ',') LIKE ?)`;
}

/** A deadline's status on `today`: overdue the day after its due date, unless paused or met. */
export function statusOf(row: Pick<DeadlineRow, 'due_on' | 'met_at' | 'paused_at'>, today: CalendarDate): DeadlineStatus {
  if (row.met_at) return 'met';
  return row.paused_at === null && row.due_on < today ? 'overdue' : 'open';
}

/**
 * Starts, meets, pauses and resumes a change request's deadlines as its events are accepted,
 * in the event's own transaction, and keeps the request's nearest due date (`next_due_on`).
 */
@Injectable()
export class ChangeRequestDeadlines {
  /**
   * Returns the request's nearest running due date after the event. An event no rule starts or
   * meets changes no deadline, so its request keeps `nextDueOn` (the date as it stands, read with
   * the row): nothing is read or written for it.
   */
  async afterEvent(
    ctx: WriteContext,
    requestId: string,
    definition: WorkflowDefinition,
    event: { type: string; at: string; payload: Record<string, unknown> },
    nextDueOn: CalendarDate | null,
  ): Promise<CalendarDate | null> {
    const rules = deadlineRules(definition);
    if (!rules.some((rule) => rule.metBy.includes(event.type) || rule.startsOn.includes(event.type))) return nextDueOn;
    const today = stockholmDate(new Date(event.at));
    const open = await ctx.sql.all<DeadlineRow>(OPEN, [requestId]);
    const byKind = (kind: string) => open.filter((d) => d.kind === kind && d.met_at === null);
    const ruleOf = (kind: string) => rules.find((r) => r.kind === kind);

    for (const rule of rules.filter((r) => r.metBy.includes(event.type))) {
      for (const deadline of byKind(rule.kind)) {
        deadline.met_at = event.at;
        ctx.sql.defer(MEET, [event.at, event.type, deadline.id]);
        // The deadlines this one paused run again, their due date moved by the working days lost.
        for (const paused of open.filter((d) => d.met_at === null && d.paused_at && ruleOf(d.kind)?.pausedWhile === rule.kind)) {
          const lost = Math.max(0, workingDaysBetween(stockholmDate(new Date(paused.paused_at!)), today));
          paused.due_on = addWorkingDays(paused.due_on, lost);
          paused.paused_at = null;
          ctx.sql.defer(SET_DUE, [paused.due_on, null, paused.due_on, paused.due_on, paused.id]);
        }
      }
    }
    for (const rule of rules.filter((r) => r.startsOn.includes(event.type))) {
      const named = rule.dueFromPayload ? event.payload[rule.dueFromPayload] : undefined;
      const due = typeof named === 'string' ? workingDayOnOrAfter(named) : addWorkingDays(today, rule.workingDays);
      const running = byKind(rule.kind)[0];
      if (running) {
        // Started again (information requested twice): one deadline, the new date.
        running.due_on = due;
        ctx.sql.defer(SET_DUE, [due, running.paused_at, due, due, running.id]);
      } else {
        const row: DeadlineRow = { id: randomUUID(), kind: rule.kind, awaits: rule.awaits.join(','), started_at: event.at, due_on: due, paused_at: null, met_at: null, met_by: null };
        open.push(row);
        ctx.sql.defer(INSERT, [row.id, requestId, row.kind, row.awaits, row.started_at, row.due_on]);
      }
      for (const pausable of open.filter((d) => d.met_at === null && !d.paused_at && ruleOf(d.kind)?.pausedWhile === rule.kind)) {
        pausable.paused_at = event.at;
        ctx.sql.defer(SET_DUE, [pausable.due_on, event.at, pausable.due_on, pausable.due_on, pausable.id]);
      }
    }
    const running = open.filter((d) => d.met_at === null && !d.paused_at).map((d) => d.due_on).sort();
    const next = running[0] ?? null;
    ctx.sql.defer(NEXT_DUE, [next, requestId]);
    return next;
  }
}
