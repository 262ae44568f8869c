import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

interface ListPage {
  items: { id: string; requestingOrganisations: string[] }[];
  total: number;
  totalExact: boolean;
}

/**
 * A list scoped to organisations and nothing else counts its total from the organisation links
 * alone. A request that several of those organisations asked for has a link for each: it is one
 * row of the list and counts once; requests no organisation in scope asked for do not count.
 */
describe('list totals scoped to organisations (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  const SJUHARAD = 'sjuharad.handlaggare';
  const UDDEVALLA = 'uddevalla.handlaggare';
  const mine: string[] = [];
  let theirs: string;

  const list = async (userId: string, query = ''): Promise<ListPage> =>
    (await call.get(userId, `/api/change-requests?pageSize=100${query}`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    // Sjuhärad's user acts for the kommunalförbund and its members (Borås, Mark …).
    for (const organisations of [['sjuharad', 'boras'], ['boras', 'mark'], ['sjuharad', 'boras', 'mark'], ['mark']]) {
      const draft = { ...SJUHARAD_DRAFT, requestingOrganisations: organisations };
      mine.push((await call.post(SJUHARAD, '/api/change-requests', draft).expect(201)).body.id);
    }
    const other = { ...SJUHARAD_DRAFT, requestingOrganisations: ['uddevalla'] };
    theirs = (await call.post(UDDEVALLA, '/api/change-requests', other).expect(201)).body.id;
    for (const id of [...mine, theirs]) await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
  }, 60_000);
  afterAll(() => t?.close());

  it("a municipality's list counts each of its requests once, however many of its organisations asked", async () => {
    const page = await list(SJUHARAD);
    expect(page.items.map((item) => item.id).sort()).toEqual([...mine].sort());
    expect(page).toMatchObject({ total: 4, totalExact: true });
    expect(await list(UDDEVALLA)).toMatchObject({ total: 1, totalExact: true, items: [{ id: theirs }] });
  });

  it('a list filtered to an organisation counts each request it concerns once', async () => {
    // Borås: the requests it asked for, and Sjuhärad's (its kommunalförbund) — not Mark's alone.
    const boras = await list('vastkom.handlaggare', '&organisation=boras');
    expect(boras.items.map((item) => item.id).sort()).toEqual([mine[0], mine[1], mine[2]].sort());
    expect(boras).toMatchObject({ total: 3, totalExact: true });
    const mark = await list('vastkom.handlaggare', '&organisation=mark');
    expect(mark).toMatchObject({ total: mark.items.length, totalExact: true });
    expect(mark.items.map((item) => item.id)).not.toContain(theirs);
  });
});
