import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../support/create-test-app';
import { api, expectNoLeak, SJUHARAD_DRAFT } from '../support/api';

const PRODUCT_WORKFLOW = join(__dirname, '..', '..', 'workflows', 'andringsbegaran.json');
const SECOND_WORKFLOW = join(__dirname, '..', 'fixtures', 'workflows', 'enkel-fraga.json');

function workflowsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'workflows-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('workflow definitions (e2e)', () => {
  describe('the product definition', () => {
    let t: TestApp;
    let call: ReturnType<typeof api>;
    beforeAll(async () => {
      t = await createTestApp();
      call = api(t);
    });
    afterAll(() => t?.close());

    it('lists the loaded workflows and draws each as a Mermaid stateDiagram-v2', async () => {
      const list = await call.get('vgr.handlaggare', '/api/workflows').expect(200);
      expect(list.body).toEqual([
        expect.objectContaining({ id: 'andringsbegaran', version: 1, title: 'Ändringsbegäran' }),
        expect.objectContaining({ id: 'sammantrade', version: 1, kind: 'meeting', title: 'Sammanträde i programstyrgruppen' }),
      ]);
      const one = await call.get('vgr.handlaggare', '/api/workflows/andringsbegaran').expect(200);
      expect(one.body.mermaid).toMatch(/^stateDiagram-v2\n/);
      expect(one.body.mermaid).toContain('dialogue --> decided: DECIDE (steering_group)');
      expect(one.body.definition.events.DECIDE.roles).toEqual(['steering_group']);
      await call.get('vgr.handlaggare', '/api/workflows/finns-inte').expect(404);
    });

    it('documents the workflow API in OpenAPI, generated from the DTOs', async () => {
      const docs = await t.http.get('/api/docs-json').expect(200);
      const paths = docs.body.paths as Record<string, Record<string, unknown>>;
      expect(Object.keys(paths['/api/change-requests']).sort()).toEqual(['get', 'post']);
      expect(Object.keys(paths['/api/change-requests/{id}']).sort()).toEqual(['get', 'patch']);
      expect(paths['/api/change-requests/{id}/events'].post).toBeDefined();
      expect(paths['/api/change-requests/{id}/history'].get).toBeDefined();
      expect(paths['/api/workflows/{name}'].get).toBeDefined();
      expect(docs.body.components.schemas.CreateChangeRequestDto.required).toEqual(
        expect.arrayContaining(['title', 'description', 'type', 'requestingOrganisations', 'justification']),
      );
    });

    it('refuses bad event bodies with 400 naming the fields, and changes nothing', async () => {
      const id = (await call.post('vastkom.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
      const cases: [Record<string, unknown>, string[]][] = [
        [{}, ['type']],
        [{ type: 'submit' }, ['type']],
        [{ type: 'FLY_AWAY' }, ['type']],
        [{ type: 'SUBMIT', expectedVersion: 'one' }, ['expectedVersion']],
        [{ type: 'SUBMIT', extra: 1 }, ['extra']],
        [{ type: 'COMMENT' }, ['text']],
        [{ type: 'COMMENT', text: '   ' }, ['text']],
        [{ type: 'DECIDE', outcome: 'approved_with_conditions', rationale: 'r', meetingReference: 'm' }, ['conditions']],
        [{ type: 'DECIDE', outcome: 'approved', rationale: 'r', meetingReference: 'm', conditions: 'c' }, ['conditions']],
        [{ type: 'DECIDE', outcome: 'maybe', rationale: '', meetingReference: 'm' }, ['outcome', 'rationale']],
        [{ type: 'RECORD_COMMUNICATION', actionId: 'k1', link: 'javascript:alert(1)' }, ['link']],
      ];
      for (const [body, fields] of cases) {
        const res = await call.event('vastkom.handlaggare', id, body as { type: string }).expect(400);
        expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
        expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(fields.sort());
        expectNoLeak(res);
      }
      const after = await call.get('vastkom.handlaggare', `/api/change-requests/${id}`).expect(200);
      expect(after.body).toMatchObject({ state: 'draft', version: 1 });
      const history = await call.get('vastkom.handlaggare', `/api/change-requests/${id}/history`).expect(200);
      expect(history.body.items).toHaveLength(1);
    });

    it('answers 403 for a role, 409 for a state, both with nothing changed', async () => {
      const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
      // A draft is the requesting side's: to VGR and admin it does not exist yet.
      await call.event('vgr.handlaggare', id, { type: 'SUBMIT' }).expect(404);
      await call.event('admin', id, { type: 'COMMENT', text: 'x' }).expect(404);
      let res = await call.event('sjuharad.handlaggare', id, { type: 'SUBMIT' }).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      await call.event('revisor', id, { type: 'COMMENT', text: 'x' }).expect(403);
      res = await call.event('vastkom.handlaggare', id, { type: 'PROVIDE_INFO', text: 'x' }).expect(409);
      expect(res.body).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        state: 'draft',
        allowedEvents: ['EDIT', 'SUBMIT', 'COMMENT', 'WITHDRAW'],
      });
      await call.event('vastkom.handlaggare', id, { type: 'RECORD_IMPACT', text: 'x' }).expect(403);
      await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
      res = await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(409);
      expect(res.body).toMatchObject({ state: 'submitted', allowedEvents: ['COMMENT', 'WITHDRAW'] });
      // A municipality may withdraw its own draft, but only VästKom withdraws a submitted request.
      res = await call.event('sjuharad.handlaggare', id, { type: 'WITHDRAW', reason: 'x' }).expect(403);
      // Someone who may not see a request gets 404, exactly as for a missing one.
      await call.event('uddevalla.handlaggare', id, { type: 'COMMENT', text: 'x' }).expect(404);
      await call.event('vgr.handlaggare', '00000000-0000-4000-8000-000000000000', { type: 'ACKNOWLEDGE' }).expect(404);
      await call.event('vgr.handlaggare', 'not-an-id', { type: 'ACKNOWLEDGE' }).expect(404);
      const after = await call.get('vgr.handlaggare', `/api/change-requests/${id}`).expect(200);
      expect(after.body).toMatchObject({ state: 'submitted', version: 2 });
    });

    it('DECIDE needs an impact assessment first (409 naming the precondition)', async () => {
      const id = (await call.post('vastkom.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
      await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
      await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE' }).expect(200);
      const decide = { type: 'DECIDE', outcome: 'rejected', rationale: 'r', meetingReference: 'PSG 2024-10-18' };
      const res = await call.event('styrgrupp.ledamot', id, decide).expect(409);
      expect(res.body.message).toMatch(/impact assessment/);
      expect(res.body.allowedEvents).toEqual([]);
      await call.event('vgr.handlaggare', id, { type: 'RECORD_IMPACT', text: 'Bedömning' }).expect(200);
      const decided = await call.decide('styrgrupp.ledamot', id, decide).expect(200);
      expect(decided.body.decision).toMatchObject({ outcome: 'rejected', meetingReference: 'PSG 2024-10-18' });
    });

    it('an approved schedule change with a date moves the rollout plan of the requesting organisations', async () => {
      const draft = { ...SJUHARAD_DRAFT, requestedGoLive: '2025-11-12' };
      const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', draft).expect(201)).body.id;
      await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
      await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE' }).expect(200);
      await call.event('vgr.handlaggare', id, { type: 'RECORD_IMPACT', text: 'Ingen påverkan på VGR' }).expect(200);
      const before = await call.get('vgr.handlaggare', '/api/organisations').expect(200);
      const boras = (orgs: { id: string; plannedGoLive: string }[]) => orgs.find((o) => o.id === 'boras')!.plannedGoLive;
      expect(boras(before.body)).toBe('2024-11-12');
      await call
        .decide('styrgrupp.ordforande', id, { type: 'DECIDE', outcome: 'approved', rationale: 'OK', meetingReference: 'PSG 1' })
        .expect(200);
      const after = await call.get('vgr.handlaggare', '/api/organisations').expect(200);
      expect(boras(after.body)).toBe('2025-11-12');
      expect(after.body.find((o: { id: string }) => o.id === 'uddevalla').plannedGoLive).toBe(
        before.body.find((o: { id: string }) => o.id === 'uddevalla').plannedGoLive,
      );
    });
  });

  describe('drafts: create and edit', () => {
    let t: TestApp;
    let call: ReturnType<typeof api>;
    beforeAll(async () => {
      t = await createTestApp();
      call = api(t);
    });
    afterAll(() => t?.close());

    it('validates the draft body and who may create it', async () => {
      let res = await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, type: 'wish', extra: 1 }).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['extra', 'type']);
      res = await call
        .post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, requestingOrganisations: ['vgr'] })
        .expect(400);
      expect(res.body.fields[0].field).toBe('requestingOrganisations');
      await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, requestingOrganisations: ['uddevalla'] }).expect(403);
      await call.post('boras.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(403);
      await call.post('vgr.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(403);
      await call.post('admin', '/api/change-requests', SJUHARAD_DRAFT).expect(403);
      await call.post('vastkom.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, workflow: 'finns-inte' }).expect(400);
      const list = await call.get('vgr.handlaggare', '/api/change-requests').expect(200);
      expect(list.body.total).toBe(0);
    });

    it('edits a draft as the EDIT event: audited, version-checked, refused after submission', async () => {
      const created = await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201);
      const id = created.body.id;
      let res = await call
        .patch('sjuharad.handlaggare', `/api/change-requests/${id}`, { title: 'Ny rubrik', type: 'other', expectedVersion: 1 })
        .expect(200);
      expect(res.body).toMatchObject({ title: 'Ny rubrik', type: 'other', version: 2 });
      await call.patch('sjuharad.handlaggare', `/api/change-requests/${id}`, { title: 'Gammal', expectedVersion: 1 }).expect(409);
      await call.patch('sjuharad.handlaggare', `/api/change-requests/${id}`, {}).expect(400);
      const invalid = await call
        .patch('sjuharad.handlaggare', `/api/change-requests/${id}`, { title: '  ', type: 'wish', workflow: 'enkel-fraga', requestedGoLive: '2025-13-01' })
        .expect(400);
      expect(invalid.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['requestedGoLive', 'title', 'type', 'workflow']);
      await call.patch('sjuharad.handlaggare', `/api/change-requests/${id}`, { requestingOrganisations: ['uddevalla'] }).expect(403);
      await call.patch('uddevalla.handlaggare', `/api/change-requests/${id}`, { title: 'x' }).expect(404);
      await call.patch('vgr.handlaggare', `/api/change-requests/${id}`, { title: 'x' }).expect(403);
      await call.patch('revisor', `/api/change-requests/${id}`, { title: 'x' }).expect(403);
      res = await call.patch('vastkom.handlaggare', `/api/change-requests/${id}`, { requestingOrganisations: ['sjuharad', 'uddevalla'] }).expect(200);
      expect(res.body.requestingOrganisations).toEqual(['sjuharad', 'uddevalla']);
      expect((await call.get('uddevalla.handlaggare', `/api/change-requests/${id}`)).status).toBe(200);
      await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
      res = await call.patch('sjuharad.handlaggare', `/api/change-requests/${id}`, { title: 'För sent' }).expect(409);
      expect(res.body.state).toBe('submitted');
      const history = await call.get('sjuharad.handlaggare', `/api/change-requests/${id}/history`).expect(200);
      expect(history.body.items.map((e: { eventType: string }) => e.eventType)).toEqual(['CREATE', 'EDIT', 'EDIT', 'SUBMIT']);
    });

    it('paginates the list', async () => {
      for (let i = 0; i < 3; i++) await call.post('vastkom.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title: `Sida ${i}` }).expect(201);
      const page = await call.get('vastkom.handlaggare', '/api/change-requests?pageSize=2&page=2').expect(200);
      expect(page.body).toMatchObject({ page: 2, pageSize: 2 });
      expect(page.body.total).toBeGreaterThanOrEqual(4);
      expect(page.body.items).toHaveLength(2);
      await call.get('vgr.handlaggare', '/api/change-requests?pageSize=1000').expect(400);
      await call.get('vgr.handlaggare', '/api/change-requests?type=wish').expect(400);
    });
  });

  it('a second workflow type needs only a JSON file', async () => {
    const dir = workflowsDir({
      'andringsbegaran.json': readFileSync(PRODUCT_WORKFLOW, 'utf8'),
      'enkel-fraga.json': readFileSync(SECOND_WORKFLOW, 'utf8'),
    });
    const t = await createTestApp({ config: { workflowsDir: dir } });
    try {
      const call = api(t);
      const list = await call.get('vgr.handlaggare', '/api/workflows').expect(200);
      expect(list.body.map((w: { id: string }) => w.id).sort()).toEqual(['andringsbegaran', 'enkel-fraga']);
      const created = await call
        .post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, workflow: 'enkel-fraga', type: 'other' })
        .expect(201);
      expect(created.body).toMatchObject({ workflow: { id: 'enkel-fraga', version: 1 }, allowedEvents: ['SUBMIT'] });
      const id = created.body.id;
      const submitted = await call.event('sjuharad.handlaggare', id, { type: 'SUBMIT' }).expect(200);
      expect(submitted.body).toMatchObject({ state: 'open', stateLabel: 'Öppen' });
      expect(submitted.body.reference).toMatch(/^ÄB-\d{4}-\d{4}$/);
      await call.event('vgr.handlaggare', id, { type: 'COMMENT', text: 'Svar' }).expect(200);
      await call.event('vgr.handlaggare', id, { type: 'DECIDE' }).expect(400);
      const closed = await call.event('vgr.handlaggare', id, { type: 'COMPLETE_COMMUNICATION' }).expect(200);
      expect(closed.body).toMatchObject({ state: 'closed', allowedEvents: [] });
    } finally {
      await t.close();
    }
  });

  it('a broken definition stops start-up with a message naming the file and the JSON path', async () => {
    const broken = JSON.parse(readFileSync(PRODUCT_WORKFLOW, 'utf8'));
    broken.states.dialogue.on.DECIDE.guards[0].type = 'decidesAlone';
    broken.events.SUBMIT.roles = ['vastkom', 'mayor'];
    const dir = workflowsDir({ 'andringsbegaran.json': JSON.stringify(broken) });
    copyFileSync(SECOND_WORKFLOW, join(dir, 'enkel-fraga.json'));
    const started = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: join(__dirname, '..', '..'),
      env: {
        ...process.env,
        WORKFLOWS_DIR: dir,
        DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
        DATA_DIR: dir,
        NODE_ENV: 'test',
        PORT: '3999',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    // The whole outcome at once, so a timeout or a spawn error says what happened.
    expect({ status: started.status, signal: started.signal, error: started.error?.message }).toEqual({
      status: 1,
      signal: null,
      error: undefined,
    });
    expect(started.stdout).not.toContain('listening');
    expect(started.stderr).toMatch(
      /andringsbegaran\.json[\s\S]*\$\.events\.SUBMIT\.roles\[1\]: unknown role "mayor"[\s\S]*\$\.states\.dialogue\.on\.DECIDE\.guards\[0\]\.type: unknown guard "decidesAlone"/,
    );
  }, 90_000);
});
