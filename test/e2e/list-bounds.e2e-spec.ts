import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

interface ListPage {
  items: { id: string; requestingOrganisations: string[] }[];
  total: number;
  totalExact: boolean;
  nextCursor: string | null;
}

/**
 * SPEC §8: a list costs the same over a thousand requests or a million. Its total is counted up
 * to the next thousand past the page and no further (beyond it, `totalExact: false`), and a page
 * ordered by relevance ranks the newest thousand matches the caller may see; the other orders
 * still reach every match.
 */
describe('list totals and ranked search stay bounded (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  const SJUHARAD = 'sjuharad.handlaggare';
  const UDDEVALLA = 'uddevalla.handlaggare';
  const OWN = 1005;
  const FOREIGN = 20;
  const created: string[] = [];
  const foreign: string[] = [];

  const list = async (userId: string, query: string): Promise<ListPage> => (await call.get(userId, `/api/change-requests?${query}`).expect(200)).body;

  /** Every row of a list, page by page along its cursor. */
  async function walk(userId: string, query: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ListPage = await list(userId, `${query}&pageSize=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  }

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    const draft = (n: number, organisation: string) => ({
      ...SJUHARAD_DRAFT,
      title: `Gränsfall ${n} för skärmbilder`,
      requestingOrganisations: [organisation],
    });
    // The oldest one by one, so which fall outside the window is known; then in groups, which
    // the writer commits together.
    for (let n = 0; n < 25; n++) created.push((await call.post(SJUHARAD, '/api/change-requests', draft(n, 'sjuharad')).expect(201)).body.id);
    for (let from = 25; from < OWN; from += 25) {
      const group = Array.from({ length: Math.min(25, OWN - from) }, (_, i) => from + i);
      const ids = await Promise.all(group.map(async (n) => (await call.post(SJUHARAD, '/api/change-requests', draft(n, 'sjuharad')).expect(201)).body.id as string));
      created.push(...ids);
    }
    // Submitted, each is new work for VGR: a notification apiece.
    for (let from = 0; from < OWN; from += 25) {
      await Promise.all(created.slice(from, from + 25).map((id) => call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200)));
    }
    // The newest matches belong to an organisation Sjuhärad does not act for.
    for (let n = 0; n < FOREIGN; n++) foreign.push((await call.post(UDDEVALLA, '/api/change-requests', draft(n, 'uddevalla')).expect(201)).body.id);
  }, 180_000);
  afterAll(() => t?.close());

  it('counts notifications and unread ones up to the bound, exactly when the page goes past it', async () => {
    const page = (query: string) => call.get('vgr.handlaggare', `/api/me/notifications?${query}`).expect(200);
    expect((await page('limit=1')).body).toMatchObject({ total: 1000, totalExact: false, unread: 1000, unreadExact: false });
    expect((await page('limit=20&offset=1000')).body).toMatchObject({ total: OWN, totalExact: true, unread: OWN, unreadExact: true });
    expect((await call.post('vgr.handlaggare', '/api/me/notifications/read', {}).expect(200)).body).toEqual({ marked: OWN, unread: 0, unreadExact: true });
    expect((await page('limit=1')).body).toMatchObject({ total: 1000, totalExact: false, unread: 0, unreadExact: true });
  });

  it('counts a total up to the next thousand past the page, and says when more match', async () => {
    const first = await list(SJUHARAD, 'pageSize=20');
    expect(first).toMatchObject({ total: 1000, totalExact: false });
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
    // Page 50 shows rows 981–1000: still within the first thousand counted.
    const fiftieth = await list(SJUHARAD, 'pageSize=20&page=50');
    expect(fiftieth).toMatchObject({ total: 1000, totalExact: false });
    expect(fiftieth.items).toHaveLength(20);
    // Page 51 counts on to 2,000, and finds them all.
    const next = await list(SJUHARAD, 'pageSize=20&page=51');
    expect(next).toMatchObject({ total: OWN, totalExact: true });
    expect(next.items).toHaveLength(OWN - 1000);
    // A list under the bound is counted exactly.
    expect(await list(UDDEVALLA, 'pageSize=5')).toMatchObject({ total: FOREIGN, totalExact: true });
    // Every row is reachable along the cursor, once, and no other organisation's.
    const all = await walk(SJUHARAD, 'sort=updated');
    expect(new Set(all).size).toBe(OWN);
    expect(all.filter((id) => foreign.includes(id))).toEqual([]);
  });

  it('ranks the newest thousand matches the caller may see; ordered by date a search reaches every match', async () => {
    const ranked = await list(SJUHARAD, 'text=gransfall&pageSize=100');
    expect(ranked).toMatchObject({ total: 1000, totalExact: false });
    expect(ranked.items.every((item) => item.requestingOrganisations.includes('sjuharad'))).toBe(true);
    // The window is filtered before it is cut: a thousand of Sjuhärad's own, though twenty newer
    // matches are Uddevalla's; the five oldest fall outside it.
    const window = await walk(SJUHARAD, 'text=gransfall');
    expect(window).toHaveLength(1000);
    expect(new Set(window)).toEqual(new Set(created.slice(OWN - 1000)));
    // By date the same search reaches all of them, in the order of the list without it (every
    // request matches), and counts them up to its bound. (On SQLite, with this many matches the page
    // walks the date index keeping the matches rather than sorting them all.)
    const byDate = await walk(SJUHARAD, 'text=gransfall&sort=updated');
    expect(new Set(byDate)).toEqual(new Set(created));
    expect(byDate).toEqual(await walk(SJUHARAD, 'sort=updated'));
    expect(await list(SJUHARAD, 'text=gransfall&sort=updated&pageSize=20')).toMatchObject({ total: 1000, totalExact: false });
    expect(await list(SJUHARAD, 'text=gransfall&sort=received&order=asc&pageSize=20&page=51')).toMatchObject({ total: OWN, totalExact: true });
    expect(await walk(SJUHARAD, 'text=gransfall&sort=received&order=asc')).toEqual(await walk(SJUHARAD, 'sort=received&order=asc'));
    // Another organisation's search by date sees its own matches only, counted exactly.
    const theirs = await walk(UDDEVALLA, 'text=gransfall&sort=updated');
    expect(theirs).toEqual(await walk(UDDEVALLA, 'sort=updated'));
    expect(new Set(theirs)).toEqual(new Set(foreign));
    expect(await list(UDDEVALLA, 'text=gransfall&sort=updated&pageSize=5')).toMatchObject({ total: FOREIGN, totalExact: true });
    // A word no request has finds nothing, in any order.
    expect(await list(SJUHARAD, 'text=ingenstans&sort=updated')).toMatchObject({ items: [], total: 0, totalExact: true });
    // Under the window the ranking is exact, and sees only the caller's own.
    const uddevalla = await list(UDDEVALLA, 'text=gransfall&pageSize=100');
    expect(uddevalla).toMatchObject({ total: FOREIGN, totalExact: true });
    expect(new Set(uddevalla.items.map((item) => item.id))).toEqual(new Set(foreign));
  });
});
