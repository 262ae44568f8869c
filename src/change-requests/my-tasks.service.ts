import { Injectable } from '@nestjs/common';
import { stockholmDate } from '../calendar';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { Database } from '../database/database';
import { placeholders, statementFor, type Param } from '../database/sql';
import { deadlineRules } from './change-request-deadlines';
import { ChangeRequestReader } from './change-request-reader';
import { ChangeRequestWorkflows } from './change-request-workflows';
import { toSummary } from './change-request.mapper';
import { ChangeRequestRow, organisationsColumn, organisationsOf, ROW_COLUMNS } from './change-requests.repository';
import type { TaskListResponse, TaskResponse } from './dto/task.response';

/** At most this many open requests are looked at for one work queue (nearest due first). */
export const TASK_CANDIDATES = 500;

/**
 * The caller's work queue (SPEC §9): open requests they may see on which they have a forward
 * event now (the definition's `task` events, guards passing), with that event and the due date
 * of the deadline that awaits their role — nearest first, the overdue marked.
 */
@Injectable()
export class MyTasksService {
  constructor(
    private readonly database: Database,
    private readonly workflows: ChangeRequestWorkflows,
    private readonly reader: ChangeRequestReader,
    private readonly clock: Clock,
  ) {}

  async tasks(actor: Actor): Promise<TaskListResponse> {
    const now = this.clock.now();
    const at = now.toISOString();
    const today = stockholmDate(now);
    const states = [...new Set(this.workflows.all().flatMap((w) => w.taskStates(actor.role)))];
    if (states.length === 0) return { items: [], total: 0, overdue: 0 };
    return this.database.read(async ({ sql }) => {
      // The queue is read in the order of its index (migration ReadScale1764810100000), checking each
      // row. On SQLite `state || ''` keeps the planner from starting at the state index instead and
      // sorting every open request in those states; PostgreSQL needs the plain column, whose
      // statistics tell it most open requests pass (with the expression it guessed 1 % and read
      // the whole table: 134 ms against 2.7 ms at 100,000 requests).
      const state = sql.dialect === 'sqlite' ? `(cr.state || '')` : 'cr.state';
      const where = [`cr.closed_at IS NULL`, `${state} IN (${placeholders(states.length)})`];
      const params: Param[] = [...states];
      const visibility = this.reader.visibility(actor);
      if (visibility) {
        where.push(visibility.clause);
        params.push(...visibility.params);
      }
      const rows = await sql.all<ChangeRequestRow & { organisations_json: unknown }>(
        statementFor(
          `SELECT ${ROW_COLUMNS}, ${organisationsColumn(sql.dialect)} FROM change_requests cr WHERE ${where.join(' AND ')}
           ORDER BY CASE WHEN cr.next_due_on IS NULL THEN 1 ELSE 0 END, cr.next_due_on, cr.received_at, cr.id LIMIT ?`,
        ),
        [...params, TASK_CANDIDATES],
      );
      const open = rows.length
        ? await sql.all<{ change_request_id: string; kind: string; awaits: string; due_on: string }>(
            statementFor(
              `SELECT change_request_id, kind, awaits, due_on FROM deadlines
               WHERE met_at IS NULL AND paused_at IS NULL AND change_request_id IN (${placeholders(rows.length)})`,
            ),
            rows.map((r) => r.id),
          )
        : [];
      const items: TaskResponse[] = [];
      for (const row of rows) {
        const request = this.reader.load(row);
        const state = request.workflow.restore(request.persisted);
        const events = request.workflow.taskEvents(state, actor, at);
        if (events.length === 0) continue;
        const mine = open
          .filter((d) => d.change_request_id === row.id && d.awaits.split(',').includes(actor.role))
          .sort((a, b) => a.due_on.localeCompare(b.due_on))[0];
        const rule = mine && deadlineRules(request.workflow.definition).find((r) => r.kind === mine.kind);
        items.push({
          changeRequest: toSummary(row, state.value, request.workflow, organisationsOf(row), now),
          events: events.map((type) => ({ type, label: request.workflow.definition.events[type].label })),
          dueAt: mine?.due_on ?? null,
          overdue: mine !== undefined && mine.due_on < today,
          deadline: mine ? { kind: mine.kind, label: rule?.label ?? mine.kind } : null,
        });
      }
      items.sort(
        (a, b) =>
          Number(a.dueAt === null) - Number(b.dueAt === null) ||
          (a.dueAt ?? '').localeCompare(b.dueAt ?? '') ||
          (a.changeRequest.receivedAt ?? a.changeRequest.createdAt).localeCompare(b.changeRequest.receivedAt ?? b.changeRequest.createdAt),
      );
      return { items, total: items.length, overdue: items.filter((i) => i.overdue).length };
    });
  }
}
