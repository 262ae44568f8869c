import { TextSearch1764720100000 } from '../../src/database/migrations/1764720100000-text-search';
import { api, expectNoLeak, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

interface Summary {
  id: string;
  reference: string | null;
  title: string;
}

describe('change-request text search (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  const VASTKOM = 'vastkom.handlaggare';
  const BORAS = 'boras.handlaggare';
  const UDDEVALLA = 'uddevalla.handlaggare';
  const ids: Record<string, string> = {};
  let reference = '';

  const draft = (title: string, description: string, requestingOrganisations = ['sjuharad']) => ({
    ...SJUHARAD_DRAFT,
    title,
    description,
    justification: 'Se beskrivningen.',
    requestingOrganisations,
  });

  async function search(userId: string, text: string, extra = ''): Promise<Summary[]> {
    const res = await call.get(userId, `/api/change-requests?text=${encodeURIComponent(text)}&pageSize=100${extra}`).expect(200);
    expect(res.body.total).toBe(res.body.items.length);
    return res.body.items;
  }
  const idsOf = (items: Summary[]) => items.map((s) => s.id);

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    const made = async (key: string, userId: string, body: object) => {
      ids[key] = (await call.post(userId, '/api/change-requests', body).expect(201)).body.id;
    };
    await made(
      'dense',
      VASTKOM,
      draft('Hemtjänst i Sjuhärad', 'Hemtjänsten behöver en senare start: hemtjänst och hemsjukvård planerar om.'),
    );
    await made(
      'sparse',
      VASTKOM,
      draft(
        'Senare start för flera verksamheter',
        'Kommunerna i södra Västra Götaland har gått igenom sina verksamheter och ser att utbildningen av ' +
          'personal, informationen till invånare, överföringen av journaler och schemaläggningen för ' +
          'sommaren tar längre tid än väntat. Det gäller också hemtjänst, i mindre omfattning.',
      ),
    );
    await made('boras', VASTKOM, draft('Förändringar av införandet i Borås', 'Borås stad vill ändra tidplanen.', ['boras']));
    await made('uddevalla', UDDEVALLA, draft('Förändring i Uddevalla', 'Uddevalla vill ändra införandet.', ['uddevalla']));
    await made('quoted', VASTKOM, draft('Fråga om "NEAR" och -tecken', 'Ett test av tecken: * ^ : ( ) " \' & | ! -'));
    const submitted = await call.event(VASTKOM, ids.dense, { type: 'SUBMIT' }).expect(200);
    reference = submitted.body.reference;
  });
  afterAll(() => t?.close());

  it('finds Sjuhärad from "sjuharad" and Borås from "boras": case and diacritics fold both ways', async () => {
    expect(idsOf(await search(VASTKOM, 'sjuharad'))).toContain(ids.dense);
    for (const text of ['boras', 'Borås', 'BORÅS', 'borås']) expect(idsOf(await search(VASTKOM, text))).toContain(ids.boras);
    for (const text of ['forandring', 'förändring', 'Förändring', 'FÖRANDRING']) {
      expect(idsOf(await search(VASTKOM, text)).sort()).toEqual([ids.boras, ids.uddevalla].sort());
    }
  });

  it('matches the start of words: a prefix finds inflected forms, a middle of a word does not', async () => {
    expect(idsOf(await search(VASTKOM, 'förändr'))).toEqual(expect.arrayContaining([ids.boras, ids.uddevalla]));
    expect(idsOf(await search(VASTKOM, 'hemtj')).sort()).toEqual([ids.dense, ids.sparse].sort());
    expect(await search(VASTKOM, 'ändring')).toEqual([]);
  });

  it('needs every word, in any order', async () => {
    expect(idsOf(await search(VASTKOM, 'borås förändringar'))).toEqual([ids.boras]);
    expect(idsOf(await search(VASTKOM, 'tidplanen stad'))).toEqual([ids.boras]);
    expect(await search(VASTKOM, 'borås uddevalla')).toEqual([]);
  });

  it('ranks the better match first, and the cursor walks the ranked list', async () => {
    const ranked = await search(VASTKOM, 'hemtjänst');
    expect(idsOf(ranked)).toEqual([ids.dense, ids.sparse]);
    const first = await call.get(VASTKOM, '/api/change-requests?text=hemtjanst&pageSize=1').expect(200);
    expect(idsOf(first.body.items)).toEqual([ids.dense]);
    const second = await call.get(VASTKOM, `/api/change-requests?text=hemtjanst&pageSize=1&cursor=${first.body.nextCursor}`).expect(200);
    expect(idsOf(second.body.items)).toEqual([ids.sparse]);
    expect(second.body.nextCursor).toBeNull();
    const worstFirst = await search(VASTKOM, 'hemtjänst', '&sort=relevance&order=desc');
    expect(idsOf(worstFirst)).toEqual([ids.sparse, ids.dense]);
    // Another order still filters by the search.
    const byReference = await search(VASTKOM, 'hemtjänst', '&sort=reference');
    expect(idsOf(byReference)).toEqual([ids.sparse, ids.dense]);
  });

  it('finds a request by its registration number, hyphens and all', async () => {
    expect(reference).toMatch(/^ÄB-\d{4}-\d+$/);
    expect(idsOf(await search(VASTKOM, reference))).toEqual([ids.dense]);
    expect(idsOf(await search(VASTKOM, reference.replace('Ä', 'A').toLowerCase()))).toEqual([ids.dense]);
  });

  it('keeps the index up to date with every change of the text', async () => {
    await call.patch(VASTKOM, `/api/change-requests/${ids.sparse}`, { title: 'Ölme och Ämtervik', description: 'Nytt innehåll.' }).expect(200);
    expect(idsOf(await search(VASTKOM, 'olme amtervik'))).toEqual([ids.sparse]);
    expect(idsOf(await search(VASTKOM, 'hemtjänst'))).toEqual([ids.dense]);
  });

  it('keeps the municipality scope: nobody finds another organisation’s request', async () => {
    expect(idsOf(await search(UDDEVALLA, 'förändring'))).toEqual([ids.uddevalla]);
    expect(idsOf(await search(UDDEVALLA, 'boras'))).toEqual([]);
    const borasSees = idsOf(await search(BORAS, 'förändring'));
    expect(borasSees).not.toContain(ids.uddevalla);
    expect(borasSees).toContain(ids.boras);
  });

  // true: the words are those of "förändring" alone, so both requests about it are found.
  it.each<[string, boolean]>([
    ['"', false],
    ['"förändring', true],
    ['förändring"', true],
    ['"förändring"', true],
    ['förändring*', true],
    ['*förändring', true],
    ['-förändring', true],
    ['förändring -borås', false],
    ['NEAR(förändring borås)', false],
    ['förändring NEAR borås', false],
    ['förändring OR borås', false],
    ['förändring AND NOT borås', false],
    ['förändring & borås | !x', false],
    ['förändring:*', true],
    ["'; DROP TABLE change_requests; --", false],
    ['(förändring', true],
    ['förändring^2', false],
    ['title:förändring', false],
    ['\\förändring%_', true],
    ['förändring ²', false],
    ['½ ① ٣ 𝟘', false],
    ['förändring\u0301', true],
    ['ǅ ﬁ ß', false],
    ['förändring 🙂', true],
  ])('answers search syntax in %j with results or a clear 400, never a 500', async (text, findsBoth) => {
    const res = await call.get(VASTKOM, `/api/change-requests?text=${encodeURIComponent(text)}&pageSize=100`);
    expect([200, 400]).toContain(res.status);
    expectNoLeak(res);
    if (res.status === 400) expect(res.body.message).toEqual(expect.any(String));
    if (findsBoth) expect(idsOf(res.body.items).sort()).toEqual([ids.boras, ids.uddevalla].sort());
  });

  it('reads compatibility forms as what they stand for, the same on both databases', async () => {
    expect(idsOf(await search(VASTKOM, 'ＦÖＲＡＮＤＲＩＮＧ ｉ ｂｏｒåｓ'))).toEqual([ids.boras]);
    expect(await search(VASTKOM, 'förändring ²')).toEqual([]);
  });

  it('treats the words of operators as words to find', async () => {
    expect(idsOf(await search(VASTKOM, 'NEAR'))).toEqual([ids.quoted]);
    expect(idsOf(await search(VASTKOM, '"near" -tecken'))).toEqual([ids.quoted]);
  });

  it('answers a text with no word in it with a 400 that names the field', async () => {
    for (const text of ['"', '*', '-', '"*"', '( )', '&|!']) {
      const res = await call.get(VASTKOM, `/api/change-requests?text=${encodeURIComponent(text)}`).expect(400);
      expect(JSON.stringify(res.body)).toContain('text');
      expectNoLeak(res);
    }
    const blank = await call.get(VASTKOM, '/api/change-requests?text=%20%20').expect(200);
    expect(blank.body.total).toBe(5);
  });

  it('orders by relevance only with a text to search for', async () => {
    const res = await call.get(VASTKOM, '/api/change-requests?sort=relevance').expect(400);
    expect(JSON.stringify(res.body)).toContain('sort');
  });

  it('exports a search as CSV in its ranked order', async () => {
    const res = await call.get(VASTKOM, '/api/change-requests?text=hemtj%C3%A4nst&format=csv').expect(200);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith(ids.dense)).toBe(true);
  });

  // Last: it rebuilds the index under the running app.
  it('the migration folds the text stored before it and indexes every existing request', async () => {
    const runner = t.dataSource.createQueryRunner();
    const migration = new TextSearch1764720100000();
    const p = t.dataSource.options.type === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    try {
      await migration.down(runner);
      // As the text was stored before: lower case, diacritics and punctuation kept.
      await runner.query(`UPDATE change_requests SET search_text = ${p[0]} WHERE id = ${p[1]}`, [
        'äb-2020-0001 gammal rubrik om kvällsöppet i sjuhärad',
        ids.uddevalla,
      ]);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(idsOf(await search(UDDEVALLA, 'kvallsoppet'))).toEqual([ids.uddevalla]);
    expect(idsOf(await search(UDDEVALLA, 'ÄB-2020-0001'))).toEqual([ids.uddevalla]);
    expect(idsOf(await search(VASTKOM, 'hemtjänst'))).toEqual([ids.dense]);
    const later = await call.post(VASTKOM, '/api/change-requests', draft('Kvällsöppet i Borås', 'Efter migreringen.', ['boras'])).expect(201);
    expect(idsOf(await search(VASTKOM, 'kvällsöppet')).sort()).toEqual([ids.uddevalla, later.body.id].sort());
  });
});
