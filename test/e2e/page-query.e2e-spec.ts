import { api } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: { type?: string; default?: number; minimum?: number; maximum?: number };
}

/**
 * Every list paged by limit and offset takes them through one query DTO (src/common/page-query.dto.ts):
 * the same defaults, the same bounds, the same 400s and the same OpenAPI parameters.
 */
describe('limit/offset paging, one definition for every list (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  let lists: { path: string; user: string; echoes: boolean; defaultLimit: number }[];

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    const hook = await call
      .post('admin', '/api/webhooks', { url: 'https://integration.example.org/hook', events: ['SUBMIT'], secret: 'en-hemlighet-som-ar-lang-nog' })
      .expect(201);
    lists = [
      { path: '/api/me/notifications', user: 'vgr.handlaggare', echoes: true, defaultLimit: 20 },
      { path: '/api/admin/email-deliveries', user: 'admin', echoes: true, defaultLimit: 20 },
      { path: `/api/webhooks/${hook.body.id}/deliveries`, user: 'admin', echoes: true, defaultLimit: 20 },
      { path: '/api/reports/weekly/snapshots', user: 'vgr.handlaggare', echoes: true, defaultLimit: 20 },
      { path: '/api/meetings', user: 'vgr.handlaggare', echoes: false, defaultLimit: 50 },
    ];
  });
  afterAll(() => t?.close());

  it('applies the default page (limit 20, offset 0) and takes a limit and offset within bounds', async () => {
    for (const list of lists.filter((l) => l.echoes)) {
      const plain = await call.get(list.user, list.path).expect(200);
      expect({ path: list.path, limit: plain.body.limit, offset: plain.body.offset }).toEqual({ path: list.path, limit: 20, offset: 0 });
      const chosen = await call.get(list.user, `${list.path}?limit=100&offset=1000000`).expect(200);
      expect({ path: list.path, limit: chosen.body.limit, offset: chosen.body.offset }).toEqual({ path: list.path, limit: 100, offset: 1_000_000 });
      expect(chosen.body.items).toEqual([]);
    }
    await call.get('vgr.handlaggare', '/api/meetings?limit=100&offset=0').expect(200);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=2.5', 'limit'],
    ['limit=many', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=1000001', 'offset'],
  ])('refuses %s on every list with a 400 naming %s', async (query, field) => {
    for (const list of lists) {
      const res = await call.get(list.user, `${list.path}?${query}`).expect(400);
      const fields = [...new Set(res.body.fields.map((f: { field: string }) => f.field))];
      expect({ path: list.path, code: res.body.code, fields }).toEqual({
        path: list.path,
        code: 'VALIDATION_FAILED',
        fields: [field],
      });
    }
  });

  it('keeps a list\'s own filters beside the page (email deliveries by status)', async () => {
    const res = await call.get('admin', '/api/admin/email-deliveries?status=failed&limit=5').expect(200);
    expect({ limit: res.body.limit, offset: res.body.offset }).toEqual({ limit: 5, offset: 0 });
    await call.get('admin', '/api/admin/email-deliveries?status=lost').expect(400);
  });

  it('documents the same two optional parameters on every list, each with its default', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get: { parameters: Parameter[] } }>;
    };
    const documented = (path: string) =>
      doc.paths[path].get.parameters.filter((p) => p.name === 'limit' || p.name === 'offset').sort((a, b) => a.name.localeCompare(b.name));
    const expected = (defaultLimit: number) => [
      { name: 'limit', in: 'query', required: false, schema: { type: 'number', default: defaultLimit, minimum: 1, maximum: 100 } },
      { name: 'offset', in: 'query', required: false, schema: { type: 'number', default: 0, minimum: 0, maximum: 1_000_000 } },
    ];
    for (const [path, defaultLimit] of [
      ['/api/me/notifications', 20],
      ['/api/admin/email-deliveries', 20],
      ['/api/webhooks/{id}/deliveries', 20],
      ['/api/reports/weekly/snapshots', 20],
      ['/api/meetings', 50],
    ] as const) {
      expect({ path, parameters: documented(path) }).toEqual({ path, parameters: expected(defaultLimit) });
    }
  });
});
