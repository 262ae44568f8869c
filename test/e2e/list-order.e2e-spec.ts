import { createTestApp, TestApp } from '../support/create-test-app';
import { api, SJUHARAD_DRAFT } from '../support/api';

interface Summary {
  id: string;
  reference: string | null;
  state: string;
  createdAt: string;
  updatedAt: string;
  receivedAt: string | null;
}

/** The key each sort promises, as the list's reader would compute it from the summaries. */
const KEYS: Record<string, (s: Summary) => string> = {
  received: (s) => s.receivedAt ?? s.createdAt,
  updated: (s) => s.updatedAt,
  state: (s) => s.state,
  reference: (s) => s.reference ?? '',
};

function expectSorted(items: Summary[], sort: string, order: 'asc' | 'desc'): void {
  const key = KEYS[sort];
  const sorted = [...items].sort((a, b) => {
    const byKey = key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return order === 'asc' ? byKey : -byKey;
  });
  expect(items.map((s) => s.id)).toEqual(sorted.map((s) => s.id));
}

describe('change-request list order and keyset cursor (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  const USER = 'vastkom.handlaggare';

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    // Seven requests: four submitted (reference, received), three drafts, made in an order that
    // differs from the reference order after edits.
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await call.post(USER, '/api/change-requests', { ...SJUHARAD_DRAFT, title: `Ordning ${i}` }).expect(201);
      ids.push(res.body.id);
    }
    for (const id of [ids[5], ids[1], ids[3], ids[0]]) await call.event(USER, id, { type: 'SUBMIT' }).expect(200);
    await call.patch(USER, `/api/change-requests/${ids[2]}`, { title: 'Ordning 2, ändrad' }).expect(200);
    await call.event('vgr.handlaggare', ids[1], { type: 'ACKNOWLEDGE' }).expect(200);
  });
  afterAll(() => t?.close());

  const cases: [string, 'asc' | 'desc'][] = [
    ['received', 'asc'],
    ['received', 'desc'],
    ['updated', 'asc'],
    ['updated', 'desc'],
    ['state', 'asc'],
    ['state', 'desc'],
    ['reference', 'asc'],
    ['reference', 'desc'],
  ];

  it.each(cases)('sort=%s&order=%s orders the whole list, and pages of 2 by cursor walk it exactly', async (sort, order) => {
    const all = await call.get(USER, `/api/change-requests?sort=${sort}&order=${order}&pageSize=100`).expect(200);
    expect(all.body.total).toBe(7);
    expect(all.body.nextCursor).toBeNull();
    expectSorted(all.body.items, sort, order);

    const walked: Summary[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `sort=${sort}&order=${order}&pageSize=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call.get(USER, `/api/change-requests?${query}`).expect(200);
      expect(page.body.total).toBe(7);
      walked.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(walked.map((s) => s.id)).toEqual(all.body.items.map((s: Summary) => s.id));

    // Offset pages agree with the cursor walk.
    const third = await call.get(USER, `/api/change-requests?sort=${sort}&order=${order}&pageSize=2&page=3`).expect(200);
    expect(third.body.items.map((s: Summary) => s.id)).toEqual(walked.slice(4, 6).map((s) => s.id));
  });

  it('defaults to the last change, newest first; received starts newest first, state and reference A–Ö', async () => {
    const plain = await call.get(USER, '/api/change-requests?pageSize=100').expect(200);
    expectSorted(plain.body.items, 'updated', 'desc');
    const received = await call.get(USER, '/api/change-requests?sort=received&pageSize=100').expect(200);
    expectSorted(received.body.items, 'received', 'desc');
    const reference = await call.get(USER, '/api/change-requests?sort=reference&pageSize=100').expect(200);
    expectSorted(reference.body.items, 'reference', 'asc');
  });

  it('keeps filters while walking by cursor', async () => {
    const first = await call.get(USER, '/api/change-requests?state=draft&sort=received&pageSize=2').expect(200);
    expect(first.body.total).toBe(3);
    const second = await call
      .get(USER, `/api/change-requests?state=draft&sort=received&pageSize=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.nextCursor).toBeNull();
    const states = [...first.body.items, ...second.body.items].map((s: Summary) => s.state);
    expect(states).toEqual(['draft', 'draft', 'draft']);
  });

  it.each([
    ['sort=colour', 'sort'],
    ['order=up', 'order'],
    ['cursor=not%20base64', 'cursor'],
    [`cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 'cursor'],
    [`cursor=${Buffer.from('["x","y"]').toString('base64url')}`, 'cursor'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const res = await call.get(USER, `/api/change-requests?${query}`).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });

  it('refuses a cursor handed out for another order, naming the order it belongs to', async () => {
    const page = await call.get(USER, '/api/change-requests?sort=state&pageSize=2').expect(200);
    const res = await call.get(USER, `/api/change-requests?sort=reference&pageSize=2&cursor=${page.body.nextCursor}`).expect(400);
    expect(res.body.fields).toEqual([{ field: 'cursor', message: expect.stringContaining('sort=state&order=asc') }]);
  });
});

describe('change-request list by title and by organisation, in Swedish order (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  const USER = 'vastkom.handlaggare';
  const byTitle = new Map<string, string>();

  // Byte order would put "avgifter" and "Éco-läge" last; a collation that folds å, ä and ö into a
  // and o would put them among the a's and o's. Swedish puts them after z.
  const REQUESTS: [string, string[]][] = [
    ['Öppettider i vården', ['amal']],
    ['Ärendehantering', ['vanersborg']],
    ['Zonindelning', ['ale', 'alingsas']],
    ['avgifter', ['goteborg']],
    ['Åtgärdsplan', ['alingsas']],
    ['Éco-läge', ['stromstad']],
    ['Ändrad tidplan', ['ale']],
    ['Arbetssätt', ['sotenas']],
  ];
  const TITLES_A_TO_O = ['Arbetssätt', 'avgifter', 'Éco-läge', 'Zonindelning', 'Åtgärdsplan', 'Ändrad tidplan', 'Ärendehantering', 'Öppettider i vården'];
  // By the organisations' names: Ale, then Ale + Alingsås, Alingsås, Göteborg, Sotenäs, Strömstad, Vänersborg, Åmål.
  const BY_ORGANISATION = ['Ändrad tidplan', 'Zonindelning', 'Åtgärdsplan', 'avgifter', 'Arbetssätt', 'Éco-läge', 'Ärendehantering', 'Öppettider i vården'];

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    for (const [title, requestingOrganisations] of REQUESTS) {
      const res = await call.post(USER, '/api/change-requests', { ...SJUHARAD_DRAFT, title, requestingOrganisations }).expect(201);
      byTitle.set(title, res.body.id);
    }
  });
  afterAll(() => t?.close());

  const titles = (items: { title: string }[]) => items.map((s) => s.title);

  /** Every page of `query` by cursor, pageSize 3, checking that each page agrees with the offset page. */
  async function walk(query: string): Promise<{ title: string; id: string }[]> {
    const walked: { title: string; id: string }[] = [];
    let cursor: string | null = null;
    let page = 1;
    do {
      const res: { body: { items: { title: string; id: string }[]; nextCursor: string | null } } = await call
        .get(USER, `/api/change-requests?${query}&pageSize=3${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      const offset = await call.get(USER, `/api/change-requests?${query}&pageSize=3&page=${page}`).expect(200);
      expect(res.body.items.map((s) => s.id)).toEqual(offset.body.items.map((s: Summary) => s.id));
      walked.push(...res.body.items);
      cursor = res.body.nextCursor;
      page++;
    } while (cursor && page < 10);
    return walked;
  }

  it('sort=title lists A–Ö with å, ä, ö after z, case and accents aside, and a cursor walks it exactly', async () => {
    const all = await call.get(USER, '/api/change-requests?sort=title&pageSize=100').expect(200);
    expect(titles(all.body.items)).toEqual(TITLES_A_TO_O);
    expect(titles(await walk('sort=title'))).toEqual(TITLES_A_TO_O);
    const desc = await call.get(USER, '/api/change-requests?sort=title&order=desc&pageSize=100').expect(200);
    expect(titles(desc.body.items)).toEqual([...TITLES_A_TO_O].reverse());
    expect(titles(await walk('sort=title&order=desc'))).toEqual([...TITLES_A_TO_O].reverse());
  });

  it('sort=organisation lists by the requesting organisations\' names, Åmål after Vänersborg', async () => {
    const all = await call.get(USER, '/api/change-requests?sort=organisation&pageSize=100').expect(200);
    expect(titles(all.body.items)).toEqual(BY_ORGANISATION);
    expect(titles(await walk('sort=organisation'))).toEqual(BY_ORGANISATION);
    expect(titles(await walk('sort=organisation&order=desc'))).toEqual([...BY_ORGANISATION].reverse());
  });

  it('breaks a tie between equal titles by id, so no page repeats or skips one', async () => {
    const twins: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call.post(USER, '/api/change-requests', { ...SJUHARAD_DRAFT, title: 'Ändrad tidplan' }).expect(201);
      twins.push(res.body.id);
    }
    const walked = await walk('sort=title');
    const ids = walked.filter((s) => s.title === 'Ändrad tidplan').map((s) => s.id);
    expect(ids).toEqual([byTitle.get('Ändrad tidplan')!, ...twins].sort());
    expect(new Set(walked.map((s) => s.id)).size).toBe(walked.length);
    expect(walked).toHaveLength(REQUESTS.length + 3);
    for (const id of twins) await call.patch(USER, `/api/change-requests/${id}`, { title: `Ändrad tidplan ${id}` }).expect(200);
  });

  it('re-sorts a request when its title or its organisations change', async () => {
    const id = byTitle.get('Arbetssätt')!;
    await call.patch(USER, `/api/change-requests/${id}`, { title: 'Öppenhet', requestingOrganisations: ['amal'] }).expect(200);
    const title = await call.get(USER, '/api/change-requests?sort=title&pageSize=100').expect(200);
    expect(titles(title.body.items).slice(-2)).toEqual(['Öppenhet', 'Öppettider i vården']);
    const organisation = await call.get(USER, '/api/change-requests?sort=organisation&order=desc&pageSize=2').expect(200);
    expect(organisation.body.items.map((s: Summary) => s.id).sort()).toEqual([id, byTitle.get('Öppettider i vården')!].sort());
  });

  it('keeps the text search and filters with the title order', async () => {
    const res = await call.get(USER, '/api/change-requests?text=tidplan&sort=title&pageSize=100').expect(200);
    expect(res.body.items).toHaveLength(4);
    expect(res.body.items.every((s: { title: string }) => s.title.startsWith('Ändrad tidplan'))).toBe(true);
    expect(titles(res.body.items)).toEqual([...titles(res.body.items)].sort(new Intl.Collator('sv').compare));
  });

  it('gives the requests that were there before the sort keys theirs when the migration runs', async () => {
    const before = await call.get(USER, '/api/change-requests?sort=title&pageSize=100').expect(200);
    // Undo it (and any migration after it), then migrate again.
    const names = t.dataSource.migrations.map((m) => m.name);
    const at = names.indexOf('ListSortKeys1764810500000');
    expect(at).toBeGreaterThan(0);
    for (let i = at; i < names.length; i++) await t.dataSource.undoLastMigration();
    expect(await t.dataSource.showMigrations()).toBe(true);
    await t.dataSource.runMigrations();
    const after = await call.get(USER, '/api/change-requests?sort=title&pageSize=100').expect(200);
    expect(after.body.items.map((s: Summary) => s.id)).toEqual(before.body.items.map((s: Summary) => s.id));
    const organisation = await call.get(USER, '/api/change-requests?sort=organisation&pageSize=100').expect(200);
    expect(titles(organisation.body.items).slice(0, 2)).toEqual(['Ändrad tidplan', 'Zonindelning']);
  });
});
