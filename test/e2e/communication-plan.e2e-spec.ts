import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

interface Action {
  id: string;
  channel: string;
  plannedAt: string | null;
  doneAt: string | null;
  recordedAt?: string;
  cancelled: { at: string; by: { id: string; name: string }; reason: string } | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The communication plan is the communicators' own: an action can be re-dated, called off with a
 * reason (it then no longer blocks completion and shows as called off in the report), and marked
 * done at the moment it happened, never at a moment still to come.
 */
describe('communication plan (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(() => t.close());

  /** A request decided as in seed 002, with the five actions of the default plan open. */
  async function decided(): Promise<{ id: string; version: number; actions: Action[] }> {
    const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
    await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
    await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
    await call.event('vgr.handlaggare', id, { type: 'RECORD_IMPACT', text: 'Konsekvensbedömning.' }).expect(200);
    const body = (
      await call
        .decide('styrgrupp.ordforande', id, { type: 'DECIDE', outcome: 'approved', rationale: 'Bifall.', meetingReference: 'PSG 2024-10-11' })
        .expect(200)
    ).body;
    expect(body.communicationActions).toHaveLength(5);
    return { id, version: body.version, actions: body.communicationActions };
  }

  const now = async (): Promise<Date> => new Date((await call.get('kommunikator', '/api/me').expect(200)).body.now);

  it('an action called off with a reason no longer blocks completion and shows as called off in the extra report', async () => {
    const { id, actions } = await decided();
    const [unneeded, ...rest] = actions;
    const cancelled = await call
      .event('kommunikator', id, { type: 'CANCEL_COMMUNICATION', actionId: unneeded.id, reason: 'Ingen intranätsnotis behövs; mejlet räcker.' })
      .expect(200);
    const stored = (cancelled.body.communicationActions as Action[]).find((a) => a.id === unneeded.id)!;
    expect(stored.cancelled).toMatchObject({ reason: 'Ingen intranätsnotis behövs; mejlet räcker.', by: { id: 'kommunikator' } });
    expect(stored.doneAt).toBeNull();

    // Called off is not done: it cannot be recorded or called off again.
    const again = await call.event('kommunikator', id, { type: 'RECORD_COMMUNICATION', actionId: unneeded.id }).expect(409);
    expect(again.body.code).toBe('PRECONDITION_FAILED');
    await call.event('kommunikator', id, { type: 'CANCEL_COMMUNICATION', actionId: unneeded.id, reason: 'Igen.' }).expect(409);

    // Still four open: completion waits for them, then goes through without the called-off one.
    await call.event('kommunikator', id, { type: 'COMPLETE_COMMUNICATION' }).expect(409);
    for (const action of rest) await call.event('kommunikator', id, { type: 'RECORD_COMMUNICATION', actionId: action.id }).expect(200);
    const done = await call.event('kommunikator', id, { type: 'COMPLETE_COMMUNICATION' }).expect(200);
    expect(done.body.state).toBe('communicated');

    const report = (await call.get('kommunikator', `/api/reports/change-requests/${id}?format=md`).expect(200)).text;
    expect(report).toContain(`${unneeded.channel}. Skäl: Ingen intranätsnotis behövs; mejlet räcker.`);
    expect(report).toMatch(new RegExp(`Inställd [^\\n]* av [^\\n]*: ${unneeded.channel}`));
    expect(report).not.toMatch(new RegExp(`Genomförd [^\\n]*: ${unneeded.channel}\\n`));
    expect((await call.get('revisor', '/api/audit/verify').expect(200)).body.ok).toBe(true);
  });

  it('a called-off action leaves the weekly report’s list of actions still to do', async () => {
    const { id, actions } = await decided();
    const reference = (await call.get('kommunikator', `/api/change-requests/${id}`).expect(200)).body.reference as string;
    const channelsDue = async () => {
      const md = (await call.get('kommunikator', '/api/reports/weekly?format=md').expect(200)).text;
      return md.split('\n').filter((line) => line.includes(reference) && actions.some((a) => line.includes(a.channel)));
    };
    const before = await channelsDue();
    await call.event('kommunikator', id, { type: 'CANCEL_COMMUNICATION', actionId: actions[0].id, reason: 'Behövs inte.' }).expect(200);
    const after = await channelsDue();
    expect(after.length).toBe(before.length - 1);
    expect(after.join('\n')).not.toContain(actions[0].channel);
  });

  it('a new planned date replaces the old one and is in the history', async () => {
    const { id, actions } = await decided();
    const moved = await call
      .event('kommunikator', id, { type: 'RESCHEDULE_COMMUNICATION', actionId: actions[1].id, plannedAt: '2024-10-21' })
      .expect(200);
    const action = (moved.body.communicationActions as Action[]).find((a) => a.id === actions[1].id)!;
    expect(action.plannedAt).toBe('2024-10-21');
    expect((moved.body.communicationActions as Action[]).filter((a) => a.plannedAt === '2024-10-21')).toHaveLength(1);
    const history = (await call.get('revisor', `/api/change-requests/${id}/history`).expect(200)).body;
    const entries = history.items as { eventType: string; payload: Record<string, unknown> }[];
    expect(entries.find((e) => e.eventType === 'RESCHEDULE_COMMUNICATION')).toMatchObject({ eventType: 'RESCHEDULE_COMMUNICATION', payload: { actionId: actions[1].id, plannedAt: '2024-10-21' } });

    const bad = await call.event('kommunikator', id, { type: 'RESCHEDULE_COMMUNICATION', actionId: actions[1].id, plannedAt: '2024-02-30' }).expect(400);
    expect(bad.body.fields).toEqual([{ field: 'plannedAt', message: 'must be a valid date' }]);
  });

  it('an action is recorded done at the moment it happened: yesterday is kept, tomorrow is a 400 that changes nothing', async () => {
    const { id, version, actions } = await decided();
    const at = await now();
    const tomorrow = new Date(at.getTime() + DAY_MS).toISOString();
    const refused = await call
      .event('kommunikator', id, { type: 'RECORD_COMMUNICATION', actionId: actions[0].id, doneAt: tomorrow })
      .expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'doneAt', message: 'must not be in the future' }] });
    const unchanged = (await call.get('kommunikator', `/api/change-requests/${id}`).expect(200)).body;
    expect(unchanged.version).toBe(version);
    expect((unchanged.communicationActions as Action[]).every((a) => a.doneAt === null)).toBe(true);

    await call.event('kommunikator', id, { type: 'RECORD_COMMUNICATION', actionId: actions[0].id, doneAt: 'i går' }).expect(400);

    const yesterday = new Date(at.getTime() - DAY_MS);
    const offset = `${yesterday.toISOString().slice(0, 19)}+00:00`;
    const recorded = await call
      .event('kommunikator', id, { type: 'RECORD_COMMUNICATION', actionId: actions[0].id, doneAt: offset })
      .expect(200);
    const done = (recorded.body.communicationActions as Action[]).find((a) => a.id === actions[0].id)!;
    expect(done.doneAt).toBe(`${yesterday.toISOString().slice(0, 19)}.000Z`);

    // Without doneAt it is now.
    const plain = await call.event('kommunikator', id, { type: 'RECORD_COMMUNICATION', actionId: actions[1].id }).expect(200);
    const second = (plain.body.communicationActions as Action[]).find((a) => a.id === actions[1].id)!;
    expect(Math.abs(Date.parse(second.doneAt!) - at.getTime())).toBeLessThan(60_000);
  });

  it('only vgr and communications change the plan', async () => {
    const { id, actions } = await decided();
    await call.event('sjuharad.handlaggare', id, { type: 'CANCEL_COMMUNICATION', actionId: actions[0].id, reason: 'Nej.' }).expect(403);
    await call.event('styrgrupp.ordforande', id, { type: 'RESCHEDULE_COMMUNICATION', actionId: actions[0].id, plannedAt: '2024-10-21' }).expect(403);
    await call.event('vgr.handlaggare', id, { type: 'CANCEL_COMMUNICATION', actionId: actions[0].id, reason: 'Behövs inte.' }).expect(200);
    const missing = await call.event('kommunikator', id, { type: 'CANCEL_COMMUNICATION', actionId: actions[1].id }).expect(400);
    expect(missing.body.fields).toEqual([{ field: 'reason', message: 'is required' }]);
  });
});
