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
    ['sort=title', 'sort'],
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
