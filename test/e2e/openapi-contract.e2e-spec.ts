import Ajv2020 from 'ajv/dist/2020';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { openMeeting } from '../support/meetings';
import { createTestApp, TestApp } from '../support/create-test-app';
import { ApiFailure, typedClient, type EventBody } from '../support/typed-client';

/**
 * Issue 12: the served OpenAPI document is the contract. Its events body is generated from the
 * workflow definitions; the TypeScript types generated from it are the ones committed (so the
 * typed client compiles against the document the server serves); a typed client drives a
 * request to a decision; and the response checker every e2e test runs really catches drift.
 */
const ROOT = resolve(__dirname, '../..');
const COMMITTED_TYPES = join(ROOT, 'test/support/generated/api-types.ts');

interface Schema {
  oneOf?: { $ref: string }[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
  properties?: Record<string, { enum?: string[] }>;
  required?: string[];
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema & Record<string, unknown>> };
}

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd: ROOT, timeout: 120_000 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('the OpenAPI contract (e2e)', () => {
  let t: TestApp;
  let document: Document;
  let workflow: { definition: { events: Record<string, { payload: { required?: string[]; properties?: Record<string, unknown> } }> } };
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http.get('/api/docs-json').expect(200)).body as Document;
    workflow = (await t.http.get('/api/workflows/andringsbegaran').set('Authorization', `Bearer ${t.token('vgr.handlaggare')}`).expect(200))
      .body;
    dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-openapi-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('documents the events body as one schema per event of the workflow definition, told apart by type', () => {
    expect(document.openapi).toBe('3.1.0');
    const body = document.paths['/api/change-requests/{id}/events'].post.requestBody!.content['application/json'].schema;
    const events = Object.keys(workflow.definition.events).sort();
    expect(body.discriminator?.propertyName).toBe('type');
    expect(Object.keys(body.discriminator!.mapping).sort()).toEqual(events);
    expect(body.oneOf).toHaveLength(events.length);
    for (const [type, ref] of Object.entries(body.discriminator!.mapping)) {
      const schema = document.components.schemas[ref.replace('#/components/schemas/', '')];
      const payload = workflow.definition.events[type].payload;
      expect(schema.properties!.type.enum).toEqual([type]);
      expect(Object.keys(schema.properties!).sort()).toEqual(['expectedVersion', 'onBehalfOf', 'type', ...Object.keys(payload.properties ?? {})].sort());
      expect(schema.required).toEqual(['type', ...(payload.required ?? [])]);
    }
  });

  it('refuses by the document alone a DECIDE without a rationale, a field no event has, conditions missing, an unknown type', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ ...document, $id: 'doc' });
    const validate = ajv.compile({ $ref: 'doc#/paths/~1api~1change-requests~1{id}~1events/post/requestBody/content/application~1json/schema' });
    const decide = { type: 'DECIDE', outcome: 'approved', rationale: 'Bifall.', meetingReference: 'PSG 2024-10-11 § 5' };
    expect(validate(decide)).toBe(true);
    expect(validate({ ...decide, rationale: undefined })).toBe(false);
    expect(validate({ ...decide, colour: 'red' })).toBe(false);
    expect(validate({ ...decide, outcome: 'approved_with_conditions' })).toBe(false); // conditions are then required
    expect(validate({ type: 'TELEPORT' })).toBe(false);
    expect(validate({ type: 'COMMENT', text: 'Hej' })).toBe(true);
  });

  it('generates, from the served document, exactly the TypeScript types the typed client is compiled with', async () => {
    const served = join(dir, 'served.json');
    const generated = join(dir, 'api-types.ts');
    writeFileSync(served, JSON.stringify(document));
    const result = await run(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), served, '-o', generated]);
    expect(result.code).toBe(0);
    // When this fails the document changed: run `npm run openapi:types` and commit the result.
    expect(readFileSync(generated, 'utf8')).toBe(readFileSync(COMMITTED_TYPES, 'utf8'));
  }, 120_000);

  it('takes a request to a decision through the typed client, a typed DECIDE included', async () => {
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const as = (user: string) => typedClient(base, t.token(user));
    const draft = await as('sjuharad.handlaggare').createDraft({ ...SJUHARAD_DRAFT, type: 'schedule' });
    expect(draft.state).toBe('draft');
    await as('vastkom.handlaggare').send(draft.id, { type: 'SUBMIT' });
    await as('vgr.handlaggare').send(draft.id, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' });
    await as('vgr.handlaggare').send(draft.id, { type: 'RECORD_IMPACT', text: 'Ingen påverkan på VGR:s tidplan.' });
    const meetingId = await openMeeting(api(t), [draft.id]);
    const decide: EventBody = {
      type: 'DECIDE',
      meetingId,
      outcome: 'approved',
      rationale: 'Programstyrgruppen bifaller att Sjuhärad ansluter senare.',
      meetingReference: 'Programstyrgruppen 2024-10-11, § 5',
    };
    const decided = await as('styrgrupp.ordforande').send(draft.id, decide);
    expect(decided.state).toBe('decided');
    expect(decided.decision?.outcome).toBe('approved');
    const again = await as('styrgrupp.ordforande').send(draft.id, decide).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ApiFailure);
    expect((again as ApiFailure).status).toBe(409);
    expect((again as ApiFailure).body.code).toBe('STATE_CONFLICT');
  });

  it('catches a response that no longer matches the document', async () => {
    const probe = await createTestApp({ allowContractViolations: true });
    try {
      const token = probe.token('sjuharad.handlaggare');
      const created = await probe.http.post('/api/change-requests').set('Authorization', `Bearer ${token}`).send(SJUHARAD_DRAFT).expect(201);
      expect(probe.contractViolations()).toEqual([]);
      // As if the code had drifted from the document: the document now says a title is a number.
      await probe.reloadContract((served) => {
        const schemas = (served as unknown as Document).components.schemas;
        (schemas.ChangeRequestResponse.properties as Record<string, unknown>).title = { type: 'integer' };
      });
      await probe.http.get(`/api/change-requests/${created.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
      const violations = probe.contractViolations();
      expect(violations).toContainEqual(
        expect.objectContaining({ method: 'get', path: '/api/change-requests/{id}', status: 200, problem: expect.stringContaining('/title must be integer') }),
      );
    } finally {
      await probe.close();
    }
  });
});
