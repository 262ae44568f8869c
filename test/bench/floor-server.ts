import { hash } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sqlite3 from 'sqlite3';
import { assign, setup, transition, type AnyMachineSnapshot } from 'xstate';

/**
 * The floor of `npm run bench`: a hand-written server doing the same database work per request as
 * the product, with nothing else — node:http, the same sqlite3 driver, XState, the product's own
 * schema (a copy of the product's benchmark database). No authentication, no validation, no
 * framework.
 *
 *   COMMENT: one transaction — read the row, resolveState + transition(), conditional
 *   UPDATE … WHERE version, insert the thread entry, read the chain head, insert the hash-chained
 *   entry, COMMIT (synchronous=FULL). With FLOOR_GROUP=1 the events that arrive while the writer
 *   is busy share a transaction, each in a SAVEPOINT, one COMMIT per group of up to 64.
 *   GET one request and the list: on a second, read-only connection.
 *
 * Run as a child of bench.ts: argv[2] is the database file; it reports its port over IPC.
 */

interface Row {
  id: string;
  snapshot: string;
  version: number;
  state_value: string;
  reference: string | null;
}

type Context = { counts: { thread: number } } & Record<string, unknown>;

const states = (names: string[]) =>
  Object.fromEntries(names.map((name) => [name, { on: { COMMENT: { actions: 'count' } } }]));

/** The product's states; COMMENT counts a thread entry wherever it is sent. */
const machine = setup({
  types: {} as { context: Context; events: { type: 'COMMENT'; text: string } },
  actions: { count: assign(({ context }) => ({ counts: { ...context.counts, thread: context.counts.thread + 1 } })) },
}).createMachine({
  id: 'floor',
  initial: 'draft',
  context: { counts: { thread: 0 } },
  states: {
    ...states(['draft', 'submitted', 'decided']),
    dialogue: { initial: 'open', on: { COMMENT: { actions: 'count' } }, states: { open: {}, awaiting_requester: {} } },
    communicated: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

function open(path: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db: sqlite3.Database = new sqlite3.Database(path, mode, (error) => (error ? reject(error) : resolve(db)));
  });
}

class Connection {
  private readonly statements = new Map<string, sqlite3.Statement>();

  constructor(readonly db: sqlite3.Database) {}

  private prepare(text: string): sqlite3.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  all<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => this.prepare(text).all(params, (e: Error | null, rows: T[]) => (e ? reject(e) : resolve(rows))));
  }

  run(text: string, params: unknown[] = []): Promise<number> {
    return new Promise((resolve, reject) =>
      this.prepare(text).run(params, function (this: sqlite3.RunResult, e: Error | null) {
        if (e) reject(e);
        else resolve(this.changes);
      }),
    );
  }
}

const GROUP = process.env.FLOOR_GROUP === '1';
const MAX_GROUP = 64;

async function main(): Promise<void> {
  const path = process.argv[2];
  const writer = new Connection(await open(path, sqlite3.OPEN_READWRITE));
  await new Promise<void>((resolve, reject) =>
    writer.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000', (e) => (e ? reject(e) : resolve())),
  );
  const reader = new Connection(await open(path, sqlite3.OPEN_READONLY));

  async function comment(id: string, text: string): Promise<{ version: number }> {
    const [row] = await writer.all<Row>('SELECT id, snapshot, version, state_value, reference FROM change_requests WHERE id = ?', [id]);
    if (!row) throw new Error('not found');
    const persisted = JSON.parse(row.snapshot) as { value: never; context: Context };
    const at = new Date().toISOString();
    const [next] = transition(machine, machine.resolveState(persisted) as AnyMachineSnapshot, { type: 'COMMENT', text });
    const context = next.context as Context;
    const changed = await writer.run('UPDATE change_requests SET snapshot = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?', [
      JSON.stringify({ value: next.value, context }),
      row.version + 1,
      at,
      id,
      row.version,
    ]);
    if (changed !== 1) throw new Error('conflict');
    const actor = { id: 'vastkom.handlaggare', name: 'Maria Nilsson', organisationId: 'vastkom', role: 'vastkom' };
    await writer.run('INSERT INTO change_request_entries (change_request_id, n, kind, text, at, actor) VALUES (?, ?, ?, ?, ?, ?)', [
      id,
      context.counts.thread,
      'COMMENT',
      text,
      at,
      JSON.stringify(actor),
    ]);
    const [head] = await writer.all<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const entry = {
      actorId: actor.id,
      actorName: actor.name,
      actorOrganisation: actor.organisationId,
      actorRole: actor.role,
      at,
      changeRequestId: id,
      eventType: 'COMMENT',
      onBehalfOf: null,
      payload: { text },
      prevHash: head.hash,
      reference: row.reference,
      seq: head.seq + 1,
      stateAfter: row.state_value,
      stateBefore: row.state_value,
      subjectId: id,
      subjectType: 'change_request',
    };
    const canonical = JSON.stringify(entry);
    const own = hash('sha256', canonical, 'hex');
    await writer.run(
      `INSERT INTO audit_log (seq, canonical, hash) VALUES (?, ?, ?)`,
      [entry.seq, canonical, own],
    );
    return { version: row.version + 1 };
  }

  // One transaction at a time on the one writer connection (or one group at a time).
  const queue: { id: string; text: string; done: (error: unknown, result?: unknown) => void }[] = [];
  let busy = false;
  async function drain(): Promise<void> {
    if (busy) return;
    busy = true;
    while (queue.length) {
      const group = GROUP ? queue.splice(0, MAX_GROUP) : queue.splice(0, 1);
      const settled: [(typeof group)[number], unknown][] = [];
      await writer.run('BEGIN IMMEDIATE');
      for (const item of group) {
        if (GROUP) await writer.run('SAVEPOINT e');
        try {
          settled.push([item, await comment(item.id, item.text)]);
          if (GROUP) await writer.run('RELEASE e');
        } catch (error) {
          if (GROUP) await writer.run('ROLLBACK TO e');
          item.done(error);
        }
      }
      await writer.run('COMMIT');
      for (const [item, result] of settled) item.done(null, result);
    }
    busy = false;
  }

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://floor');
    const event = /^\/api\/change-requests\/([0-9a-f-]{36})\/events$/.exec(url.pathname);
    const one = /^\/api\/change-requests\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (req.method === 'POST' && event) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
        queue.push({ id: event[1], text: body.text, done: (error, result) => send(res, error ? 409 : 200, error ? {} : result) });
        void drain();
      });
      return;
    }
    if (req.method === 'GET' && one) {
      void (async () => {
        const [row] = await reader.all<Row>('SELECT id, snapshot, version, state_value, reference FROM change_requests WHERE id = ?', [one[1]]);
        const thread = await reader.all('SELECT n, kind, text, at, actor FROM change_request_entries WHERE change_request_id = ? ORDER BY n DESC LIMIT 20', [one[1]]);
        send(res, 200, { ...row, snapshot: JSON.parse(row.snapshot) as unknown, thread: thread.reverse() });
      })();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/change-requests') {
      void (async () => {
        const state = url.searchParams.get('state');
        const type = url.searchParams.get('type');
        const items = await reader.all(
          'SELECT id, reference, title, type, state, version, updated_at FROM change_requests WHERE state = ? AND type = ? ORDER BY updated_at DESC, id LIMIT 20',
          [state, type],
        );
        const [count] = await reader.all<{ n: number }>('SELECT COUNT(*) AS n FROM change_requests WHERE state = ? AND type = ?', [state, type]);
        send(res, 200, { items, total: count.n });
      })();
      return;
    }
    send(res, 404, {});
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
