import { AuditService } from '../../src/audit/audit.service';
import { MIGRATIONS } from '../../src/database/migrations';
import { createTestApp, TEST_POSTGRES_URL, TestApp, withPostgres } from '../support/create-test-app';
import { api, expectNoLeak, SJUHARAD_DRAFT } from '../support/api';
import { openMeeting } from '../support/meetings';
import { captureErrorLogs, expectUnhandledErrorLogged } from '../support/test-logger';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Edge cases found in review: each once answered 500, leaked, hung or let a user overreach. */
describe('hardening (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(() => t?.close());

  it('refuses text with lone UTF-16 surrogates with 400, changing nothing', async () => {
    const id = (await call.post('vastkom.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
    const bad = await call.event('vastkom.handlaggare', id, { type: 'COMMENT', text: 'hej \ud800 då' }).expect(400);
    expectNoLeak(bad);
    await call.post('vastkom.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title: 'x\udc00' }).expect(400);
    await call.patch('vastkom.handlaggare', `/api/change-requests/${id}`, { justification: 'a\ud83d' }).expect(400);
    // A well-formed pair (an emoji) is ordinary text.
    await call.event('vastkom.handlaggare', id, { type: 'COMMENT', text: 'Tack 👍' }).expect(200);
    const after = await call.get('vastkom.handlaggare', `/api/change-requests/${id}`).expect(200);
    expect(after.body.version).toBe(2);
  });

  it('refuses text with NUL characters with 400 on every database, changing nothing', async () => {
    const id = (await call.post('vastkom.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
    const bad = await call.event('vastkom.handlaggare', id, { type: 'COMMENT', text: 'före\u0000efter' }).expect(400);
    expectNoLeak(bad);
    expect(bad.body.message).toContain('NUL');
    expect(bad.body.fields).toEqual([{ field: 'text', message: expect.stringContaining('NUL') }]);
    await call.post('vastkom.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title: '\u0000' }).expect(400);
    const after = await call.get('vastkom.handlaggare', `/api/change-requests/${id}`).expect(200);
    expect(after.body).toMatchObject({ version: 1, threadTotal: 0 });
  });

  it('bounds the page number (400, not a database error)', async () => {
    const res = await call.get('vgr.handlaggare', '/api/change-requests?page=1000000000000000000').expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['page']);
  });

  it('many concurrent filtered lists all answer (no unit of work takes a second connection)', async () => {
    const responses = await Promise.all(
      Array.from({ length: 30 }, () => call.get('vgr.handlaggare', '/api/change-requests?organisation=boras')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(200));
    await t.http.get('/health').expect(200);
  });

  it('a municipality may not remove a co-requesting organisation it does not act for', async () => {
    const draft = { ...SJUHARAD_DRAFT, requestingOrganisations: ['boras', 'uddevalla'] };
    const id = (await call.post('vastkom.handlaggare', '/api/change-requests', draft).expect(201)).body.id;
    await call.patch('boras.handlaggare', `/api/change-requests/${id}`, { requestingOrganisations: ['boras'] }).expect(403);
    const edited = await call.patch('boras.handlaggare', `/api/change-requests/${id}`, { title: 'Ny rubrik' }).expect(200);
    expect(edited.body.requestingOrganisations).toEqual(['boras', 'uddevalla']);
    await call.get('uddevalla.handlaggare', `/api/change-requests/${id}`).expect(200);
  });

  it('nobody reads the rollout plan a failing decision wrote before it rolled back', async () => {
    const draft = { ...SJUHARAD_DRAFT, requestedGoLive: '2031-01-01' };
    const id = (await call.post('vastkom.handlaggare', '/api/change-requests', draft).expect(201)).body.id;
    await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
    await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE' }).expect(200);
    await call.event('vgr.handlaggare', id, { type: 'RECORD_IMPACT', text: 'Bedömd' }).expect(200);
    const goLive = async () =>
      ((await call.get('vgr.handlaggare', '/api/organisations').expect(200)).body as { id: string; plannedGoLive: string }[]).find(
        (o) => o.id === 'boras',
      )!.plannedGoLive;
    const before = await goLive();
    const meetingId = await openMeeting(call, [id]);
    const append = jest.spyOn(t.app.get(AuditService), 'append').mockImplementationOnce(async () => {
      await sleep(300);
      throw new Error('disk full');
    });
    try {
      const { result, errors } = await captureErrorLogs(async () => {
        const decide = call.decide('styrgrupp.ordforande', id, { type: 'DECIDE', outcome: 'approved', rationale: 'Ja', meetingReference: 'PSG', meetingId });
        const pending = decide.then((r) => r);
        await sleep(100);
        const during = await goLive();
        const plan = await call.get('vgr.handlaggare', '/api/rollout-plan').expect(200);
        return { failed: await pending, during, plan };
      });
      const { failed, during, plan } = result;
      expect(failed.status).toBe(500);
      expectUnhandledErrorLogged(errors, failed, 'Error: disk full');
      expect(during).toBe(before);
      expect(JSON.stringify(plan.body)).not.toContain('2031-01-01');
      expect(await goLive()).toBe(before);
    } finally {
      append.mockRestore();
    }
  });
});

// Several instances starting at once on a fresh PostgreSQL database take turns migrating.
if (process.env.TEST_DATABASE === 'postgres') {
  describe('simultaneous start-up on one fresh PostgreSQL schema', () => {
    it('two instances migrate and seed once, without colliding', async () => {
      const schema = `t_start_${Date.now().toString(36)}`;
      await withPostgres(TEST_POSTGRES_URL, (admin) => admin.query(`CREATE SCHEMA ${schema}`));
      const [a, b] = await Promise.all([
        createTestApp({ databaseUrl: TEST_POSTGRES_URL, schema }),
        createTestApp({ databaseUrl: TEST_POSTGRES_URL, schema }),
      ]);
      try {
        const migrations = await a.dataSource.query(`SELECT name FROM ${schema}.migrations`);
        expect(migrations).toHaveLength(MIGRATIONS.length);
        const organisations = await b.dataSource.query(`SELECT count(*)::int AS n FROM ${schema}.organisations`);
        expect(organisations[0].n).toBe(60);
        await api(b).get('vgr.handlaggare', '/api/rollout-plan').expect(200);
      } finally {
        await b.close();
        await a.close();
        await withPostgres(TEST_POSTGRES_URL, (admin) => admin.query(`DROP SCHEMA ${schema} CASCADE`));
      }
    });
  });
}
