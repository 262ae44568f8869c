import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

interface Entry {
  seq: number;
  eventType: string;
  actorId: string;
  reference: string | null;
  changeRequestId: string | null;
  at: string;
  hash: string;
}

/**
 * Issue 14 item 9: an auditor browses and searches the decision history — by change request
 * (its registration number, drafts' entries included), person, event and period — newest first,
 * paged, each entry with the sequence number and hash the export and the weekly anchor show.
 */
describe('browsing the decision history (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  let first: { id: string; reference: string };
  const browse = async (query: string): Promise<{ items: Entry[]; nextBeforeSeq: number | null }> =>
    (await call.get('revisor', `/api/audit/entries${query}`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ config: { clockControl: true } });
    call = api(t);
    await call.put('revisor', '/api/test/clock', { now: '2024-10-10T09:00:00+02:00' }).expect(200);
    const a = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
    const submitted = (await call.event('vastkom.handlaggare', a, { type: 'SUBMIT' }).expect(200)).body;
    first = { id: a, reference: submitted.reference };
    await call.put('revisor', '/api/test/clock', { now: '2024-10-11T09:00:00+02:00' }).expect(200);
    await call.event('vgr.handlaggare', a, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
    const b = (await call.post('boras.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, requestingOrganisations: ['boras'] }).expect(201)).body.id;
    await call.event('vastkom.handlaggare', b, { type: 'SUBMIT' }).expect(200);
    await call.event('vgr.handlaggare', b, { type: 'COMMENT', text: 'Noterat.' }).expect(200);
  });
  afterAll(() => t?.close());

  it('lists every entry newest first with the sequence numbers and hashes of the export', async () => {
    const all = await browse('');
    const exported = (await call.get('revisor', '/api/audit/export?format=jsonl').expect(200)).text.trim().split('\n').map((l) => JSON.parse(l) as Entry);
    expect(all.items.map((e) => [e.seq, e.hash])).toEqual(exported.reverse().map((e) => [e.seq, e.hash]));
    expect(all.nextBeforeSeq).toBeNull();
  });

  it('finds a request by its registration number, its entries from before registration included', async () => {
    const { items } = await browse(`?reference=${encodeURIComponent(first.reference)}`);
    expect(items.map((e) => e.eventType)).toEqual(['ACKNOWLEDGE', 'SUBMIT', 'CREATE']);
    expect(items.every((e) => e.changeRequestId === first.id)).toBe(true);
    expect((await browse('?reference=%C3%84B-1999-0001')).items).toEqual([]);
  });

  it('filters by person, event and period (Swedish days, inclusive), and combines them', async () => {
    expect((await browse('?actor=vgr.handlaggare')).items.map((e) => e.eventType)).toEqual(['COMMENT', 'ACKNOWLEDGE']);
    expect((await browse('?eventType=SUBMIT')).items).toHaveLength(2);
    expect((await browse('?from=2024-10-10&to=2024-10-10')).items.map((e) => e.eventType)).toEqual(['SUBMIT', 'CREATE']);
    expect((await browse('?from=2024-10-11')).items).toHaveLength(4);
    expect((await browse('?eventType=SUBMIT&from=2024-10-11')).items).toHaveLength(1);
  });

  it('finds a person by part of the name, case and å, ä, ö aside, and still by user id', async () => {
    await call
      .post('admin', '/api/admin/users', { id: 'asa.oberg', name: 'Åsa Öberg', organisationId: 'boras', role: 'municipality' })
      .expect(201);
    await call.post('asa.oberg', '/api/change-requests', { ...SJUHARAD_DRAFT, requestingOrganisations: ['boras'] }).expect(201);
    const actors = async (query: string) => [...new Set((await browse(query)).items.map((e) => e.actorId))].sort();
    // Sofia Bergström (vgr.handlaggare), Maria Nilsson (vastkom.handlaggare), Åsa Öberg (made below).
    expect(await actors('?person=Sofia')).toEqual(['vgr.handlaggare']);
    expect(await actors(`?person=${encodeURIComponent('BERGSTRÖM')}`)).toEqual(['vgr.handlaggare']);
    expect(await actors('?person=bergstrom')).toEqual(['vgr.handlaggare']);
    expect(await actors('?person=nils')).toEqual(['vastkom.handlaggare']);
    expect(await actors(`?person=${encodeURIComponent('åsa ö')}`)).toEqual(['asa.oberg']);
    expect(await actors(`?person=${encodeURIComponent('ÖBERG')}`)).toEqual(['asa.oberg']);
    // Part of a name anywhere in it: Karin Johansson and Maria Nilsson (Erik Andersson has not acted).
    expect(await actors('?person=son')).toEqual(['sjuharad.handlaggare', 'vastkom.handlaggare']);
    expect(await actors('?person=vgr.handlaggare')).toEqual(['vgr.handlaggare']);
    expect(await actors('?actor=vgr.handlaggare')).toEqual(['vgr.handlaggare']);
    expect((await browse('?person=Ingen%20Alls')).items).toEqual([]);
    // Combined with the other filters.
    expect((await browse('?person=sofia&eventType=COMMENT')).items.map((e) => e.eventType)).toEqual(['COMMENT']);
    expect((await browse('?person=sofia&actor=vastkom.handlaggare')).items).toEqual([]);
  });

  it('pages back with beforeSeq, each page at most limit entries', async () => {
    const seen: number[] = [];
    let before: number | null | undefined;
    do {
      const page = await browse(`?limit=2${before ? `&beforeSeq=${before}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.seq));
      before = page.nextBeforeSeq;
    } while (before);
    expect(seen).toEqual([...seen].sort((x, y) => y - x));
    expect(seen).toHaveLength((await browse('')).items.length);
  });

  it('is for auditors only, and refuses bad filters with a 400 naming the field', async () => {
    for (const user of ['vgr.handlaggare', 'admin', 'styrgrupp.ordforande', 'boras.handlaggare']) await call.get(user, '/api/audit/entries').expect(403);
    for (const [query, field] of [
      ['?from=2024-13-01', 'from'],
      ['?to=yesterday', 'to'],
      ['?limit=500', 'limit'],
      ['?beforeSeq=-1', 'beforeSeq'],
      ['?eventType=drop table', 'eventType'],
      ['?changeRequestId=1', 'changeRequestId'],
      ['?person=%20%20', 'person'],
      [`?person=${'x'.repeat(129)}`, 'person'],
    ]) {
      const response = await call.get('revisor', `/api/audit/entries${query}`).expect(400);
      expect(response.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
  });
});
