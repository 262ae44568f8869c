import { WorkflowInterpreter } from '../../src/workflow/workflow-interpreter';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/**
 * One event, counted from outside the engine: the stored state is restored into XState once and
 * the stored row's JSON is parsed once, however many guards, checks and answers the event needs.
 */
describe('one event restores and parses the stored state once (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(() => t?.close());

  async function storedRow(id: string): Promise<{ snapshot: string; state_value: string }> {
    const rows: { snapshot: string; state_value: string }[] = await t.dataSource.query(
      `SELECT snapshot, state_value FROM change_requests WHERE id = ${t.config.database.type === 'postgres' ? '$1' : '?'}`,
      [id],
    );
    return rows[0];
  }

  async function count(id: string, send: () => Promise<unknown>): Promise<{ restores: number; parses: number }> {
    const before = await storedRow(id);
    const restore = jest.spyOn(WorkflowInterpreter.prototype, 'restore');
    const parse = jest.spyOn(JSON, 'parse');
    try {
      await send();
      const parses = parse.mock.calls.filter(([text]) => text === before.snapshot || text === before.state_value).length;
      return { restores: restore.mock.calls.length, parses };
    } finally {
      restore.mockRestore();
      parse.mockRestore();
    }
  }

  it.each([
    ['SUBMIT (a preparation: the registration number)', 'vastkom.handlaggare', { type: 'SUBMIT' }],
    ['ACKNOWLEDGE', 'vgr.handlaggare', { type: 'ACKNOWLEDGE' }],
    ['COMMENT with a payload', 'vgr.handlaggare', { type: 'COMMENT', text: 'Noterat.' }],
  ])('%s', async (_name, user, event) => {
    const created = await call.post('vastkom.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201);
    const id = created.body.id;
    if (event.type !== 'SUBMIT') await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
    if (event.type === 'COMMENT') await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE' }).expect(200);
    const counted = await count(id, async () => {
      const res = await call.event(user, id, event);
      expect([res.status, res.body.fields]).toEqual([200, undefined]);
    });
    expect(counted).toEqual({ restores: 1, parses: 1 });
  });

  it('a refused event costs no more', async () => {
    const created = await call.post('vastkom.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201);
    const counted = await count(created.body.id, () =>
      call.event('vgr.handlaggare', created.body.id, { type: 'DECIDE' }).expect((res) => {
        expect(res.status).toBeGreaterThanOrEqual(400);
      }),
    );
    expect(counted.restores).toBeLessThanOrEqual(1);
    expect(counted.parses).toBeLessThanOrEqual(1);
  });
});
