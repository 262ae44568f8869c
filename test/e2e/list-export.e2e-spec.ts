import { EXPORT_BATCH } from '../../src/change-requests/change-requests-export';
import { api, expectNoLeak, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length) throw new Error(`CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`);
  return rows;
}

interface Summary {
  id: string;
  reference: string | null;
  title: string;
  stateLabel: string;
  requestingOrganisations: string[];
}

const HEADINGS = [
  'Diarienummer',
  'Rubrik',
  'Typ',
  'Status',
  'Begärande organisationer',
  'Mottagen',
  'Senast ändrad',
  'I nuvarande status sedan',
  'Dagar i status',
  'ID',
];
const col = (name: string) => HEADINGS.indexOf(name);

describe('change-request list as CSV (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  const VASTKOM = 'vastkom.handlaggare';
  const UDDEVALLA = 'uddevalla.handlaggare';
  // More than one JSON page (100) and more than one export batch, so the keyset must carry on.
  const MANY = EXPORT_BATCH + 30;
  const TRICKY = {
    comma: 'Komma, "citat" och\nny rad i rubriken',
    formula: '=HYPERLINK("https://example.invalid","Klicka")',
    plus: '+46 31 00 00 00',
    minus: '-1+1',
    at: '@SUM(A1:A2)',
  };
  const tricky: Record<string, string> = {};

  /** The CSV body (BOM checked and removed) parsed into rows, header first. */
  async function csv(userId: string, query: string, accept?: string): Promise<string[][]> {
    let req = call.get(userId, `/api/change-requests${query}`);
    if (accept) req = req.set('Accept', accept);
    const res = await req
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="andringsbegaranden-\d{4}-\d{2}-\d{2}\.csv"$/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(body.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(HEADINGS);
    for (const row of rows) expect(row).toHaveLength(HEADINGS.length);
    return rows;
  }

  /** Every item of a JSON list, walked page by page with the cursor. */
  async function jsonList(userId: string, query: string): Promise<Summary[]> {
    const items: Summary[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/change-requests?${query}&pageSize=100${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await call.get(userId, path).expect(200)).body as { items: Summary[]; nextCursor: string | null };
      items.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    const ids: string[] = [];
    for (let i = 0; i < MANY; i += 10) {
      const made = await Promise.all(
        Array.from({ length: Math.min(10, MANY - i) }, (_, j) =>
          call.post(VASTKOM, '/api/change-requests', { ...SJUHARAD_DRAFT, title: `Export ${i + j}` }).expect(201),
        ),
      );
      ids.push(...made.map((res) => res.body.id as string));
    }
    for (const id of ids.slice(0, 12)) await call.event(VASTKOM, id, { type: 'SUBMIT' }).expect(200);
    for (const [key, title] of Object.entries(TRICKY)) {
      const res = await call
        .post(UDDEVALLA, '/api/change-requests', { ...SJUHARAD_DRAFT, title, requestingOrganisations: ['uddevalla'] })
        .expect(201);
      tricky[key] = res.body.id;
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('exports the whole list, not one page, in the order of the JSON list', async () => {
    const rows = await csv(VASTKOM, '?format=csv');
    const all = await jsonList(VASTKOM, 'sort=updated');
    expect(all.length).toBe(MANY + Object.keys(TRICKY).length);
    expect(rows.length - 1).toBe(all.length);
    expect(rows.slice(1).map((r) => r[col('ID')])).toEqual(all.map((s) => s.id));
  });

  it('exports the same rows as the JSON list for a filter and sort, cell by cell', async () => {
    const query = 'state=submitted&sort=reference&order=desc&organisation=sjuharad';
    const rows = await csv(VASTKOM, `?${query}&format=csv`);
    const items = await jsonList(VASTKOM, query);
    expect(items.length).toBe(12);
    expect(rows.slice(1).map((r) => [r[col('ID')], r[col('Diarienummer')], r[col('Rubrik')], r[col('Status')]])).toEqual(
      items.map((s) => [s.id, s.reference ?? '', s.title, s.stateLabel]),
    );
    const first = rows[1];
    expect(first[col('Typ')]).toBe('Ändrad tidplan');
    expect(first[col('Begärande organisationer')]).toBe('Sjuhärads kommunalförbund');
    expect(first[col('Mottagen')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(first[col('Dagar i status')]).toBe('0');
  });

  it('is asked for with Accept: text/csv as well as with format=csv', async () => {
    const byAccept = await csv(VASTKOM, '?type=schedule&sort=received', 'text/csv');
    const byFormat = await csv(VASTKOM, '?type=schedule&sort=received&format=csv');
    expect(byAccept).toEqual(byFormat);
    const json = await call.get(VASTKOM, '/api/change-requests?pageSize=1').set('Accept', 'application/json').expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body.items).toHaveLength(1);
  });

  it("gives a municipality only its own organisation's rows", async () => {
    const rows = await csv(UDDEVALLA, '?format=csv');
    const ids = rows.slice(1).map((r) => r[col('ID')]);
    expect(new Set(ids)).toEqual(new Set(Object.values(tricky)));
    expect(ids).toEqual((await jsonList(UDDEVALLA, 'sort=updated')).map((s) => s.id));
    for (const row of rows.slice(1)) expect(row[col('Begärande organisationer')]).toBe('Uddevalla');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and keeps åäö', async () => {
    const res = await call.get(UDDEVALLA, '/api/change-requests?format=csv').expect(200);
    expect(res.text).toContain('"Komma, ""citat"" och\nny rad i rubriken"');
    const rows = await csv(UDDEVALLA, '?format=csv');
    const row = rows.find((r) => r[col('ID')] === tricky.comma);
    expect(row?.[col('Rubrik')]).toBe(TRICKY.comma);
    expect(row?.[col('Typ')]).toBe('Ändrad tidplan');
  });

  it('neutralises cells that a spreadsheet would run as a formula', async () => {
    const rows = await csv(UDDEVALLA, '?format=csv');
    for (const key of ['formula', 'plus', 'minus', 'at'] as const) {
      const row = rows.find((r) => r[col('ID')] === tricky[key]);
      expect(row?.[col('Rubrik')]).toBe(`'${TRICKY[key]}`);
    }
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('answers a bad filter with a JSON 400 before any CSV is sent', async () => {
    const res = await call.get(VASTKOM, '/api/change-requests?format=csv&state=Inte-giltig').expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.message).toBeDefined();
    expectNoLeak(res);
    await call.get(VASTKOM, '/api/change-requests?format=xlsx').expect(400);
  });

  it('is documented in OpenAPI as a text/csv response of the list', async () => {
    const docs = await t.http.get('/api/docs-json').expect(200);
    const list = docs.body.paths['/api/change-requests'].get;
    expect(Object.keys(list.responses['200'].content)).toEqual(expect.arrayContaining(['application/json', 'text/csv']));
    expect(list.parameters.find((p: { name: string }) => p.name === 'format').schema.enum).toEqual(['json', 'csv']);
  });
});
