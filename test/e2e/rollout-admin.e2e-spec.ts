import { createTestApp, TestApp } from '../support/create-test-app';
import { api } from '../support/api';

interface Organisation {
  id: string;
  plannedGoLive: string | null;
}

/** Seasons in the seeds are data: an administrator keeps the rollout plan's dates current. */
describe('rollout plan administration (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(() => t?.close());

  const goLive = async (id: string) =>
    ((await call.get('vgr.handlaggare', '/api/organisations').expect(200)).body as Organisation[]).find((o) => o.id === id)!
      .plannedGoLive;

  it('only an admin changes dates; bad dates and unknown ids are refused', async () => {
    for (const user of ['vgr.handlaggare', 'vastkom.handlaggare', 'styrgrupp.ordforande', 'revisor', 'boras.handlaggare']) {
      await call.patch(user, '/api/rollout-plan/stages/norra', { plannedGoLive: '2026-05-04' }).expect(403);
      await call.patch(user, '/api/organisations/uddevalla', { plannedGoLive: '2026-05-04' }).expect(403);
    }
    const bad = await call.patch('admin', '/api/rollout-plan/stages/norra', { plannedGoLive: '2026-02-30' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['plannedGoLive']);
    await call.patch('admin', '/api/rollout-plan/stages/norra', { plannedGoLive: '2026-05-04', area: 'x' }).expect(400);
    await call.patch('admin', '/api/rollout-plan/stages/mars', { plannedGoLive: '2026-05-04' }).expect(404);
    await call.patch('admin', '/api/organisations/atlantis', { plannedGoLive: '2026-05-04' }).expect(404);
    expect(await goLive('uddevalla')).toBe('2026-04-15');
  });

  it('moving a stage moves the organisations still on its date, not those moved on their own', async () => {
    await call.patch('admin', '/api/organisations/dals-ed', { plannedGoLive: '2026-09-01' }).expect(200);
    const plan = await call.patch('admin', '/api/rollout-plan/stages/norra', { plannedGoLive: '2026-05-04' }).expect(200);
    expect(JSON.stringify(plan.body)).toContain('2026-05-04');
    expect(await goLive('uddevalla')).toBe('2026-05-04');
    expect(await goLive('dals-ed')).toBe('2026-09-01');
    expect(await goLive('skovde')).toBe('2026-04-15');
  });

  it("setting a kommunalförbund's date moves its member municipalities", async () => {
    const orgs = await call.patch('admin', '/api/organisations/skaraborg', { plannedGoLive: '2026-06-01' }).expect(200);
    const byId = new Map((orgs.body as Organisation[]).map((o) => [o.id, o.plannedGoLive]));
    expect(byId.get('skaraborg')).toBe('2026-06-01');
    expect(byId.get('skovde')).toBe('2026-06-01');
    expect(byId.get('mariestad')).toBe('2026-06-01');
    expect(byId.get('boras')).toBe('2024-11-12');
  });

  it('records every date an administrator moves in the decision history, old and new value, and the chain verifies', async () => {
    const entries = async () =>
      (await call.get('revisor', '/api/audit/entries?limit=200').expect(200)).body.items as {
        eventType: string;
        actorId: string;
        subjectType: string;
        subjectId: string;
        payload: Record<string, unknown>;
        stateBefore: string | null;
        stateAfter: string;
      }[];
    const before = (await entries()).length;
    const from = await goLive('vanersborg');
    await call.patch('admin', '/api/organisations/vanersborg', { plannedGoLive: '2026-10-05' }).expect(200);
    await call.patch('admin', '/api/rollout-plan/stages/vastra', { plannedGoLive: '2026-09-14' }).expect(200);
    const added = (await entries()).slice(0, (await entries()).length - before).reverse();
    expect(added.map((e) => [e.eventType, e.actorId])).toEqual([
      ['ROLLOUT_PLAN_CHANGED', 'admin'],
      ['ROLLOUT_STAGE_MOVED', 'admin'],
    ]);
    expect(added[0].payload).toEqual({
      changes: [{ organisationId: 'vanersborg', from: { plannedGoLive: from, postponed: false }, to: { plannedGoLive: '2026-10-05', postponed: false } }],
    });
    expect(JSON.parse(added[0].stateBefore!)).toEqual({ vanersborg: { plannedGoLive: from, postponed: false } });
    expect(JSON.parse(added[1].stateAfter)).toEqual({ plannedGoLive: '2026-09-14' });
    expect((await call.get('revisor', '/api/audit/verify').expect(200)).body).toMatchObject({ ok: true });
  });
});
