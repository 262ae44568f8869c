import { ChangeRequestReader } from '../../src/change-requests/change-request-reader';
import { Database } from '../../src/database/database';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/**
 * SPEC §8: the weekly report stays readable however many requests there are. Each section shows
 * at most 50 rows and, when there are more, how many there are and where the whole list is; open
 * requests are counted per state, each state showing the ten longest in it.
 */
describe('weekly report with more requests than a section shows (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  const SUBMITTED = 52;
  const DECIDED = 11; // five default communication actions each: 55 due

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    const create = async () => (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id as string;
    for (let i = 0; i < SUBMITTED; i++) await call.event('vastkom.handlaggare', await create(), { type: 'SUBMIT' }).expect(200);
    for (let i = 0; i < DECIDED; i++) {
      const id = await create();
      await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
      await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE' }).expect(200);
      await call.event('vgr.handlaggare', id, { type: 'RECORD_IMPACT', text: 'Ingen påverkan.' }).expect(200);
      await call
        .decide('styrgrupp.ordforande', id, { type: 'DECIDE', outcome: 'rejected', rationale: 'Avslås.', meetingReference: 'PSG § 1' })
        .expect(200);
    }
  }, 120_000);
  afterAll(() => t?.close());

  it('caps each section at 50 rows with the count, and groups the open requests by state', async () => {
    const md = (await call.get('vgr.handlaggare', '/api/reports/weekly?format=md').expect(200)).text;
    const section = (title: string) => md.slice(md.indexOf(`\n## ${title}\n`), md.indexOf('\n## ', md.indexOf(`\n## ${title}\n`) + 1));
    const received = section('Mottagna ändringsbegäranden');
    expect(received).toContain(`Visar de 50 första av ${SUBMITTED + DECIDED}.`);
    expect(received.split('\n').filter((line) => line.startsWith('| ÄB-'))).toHaveLength(50);
    expect(section('Kommunikativa åtgärder att genomföra')).toContain(`Visar de 50 första av ${DECIDED * 5}.`);
    // All eleven decisions are shown: no note.
    expect(section('Beslutade')).not.toContain('Visar de');
    const open = section('Öppna ärenden');
    expect(open).toContain(`${SUBMITTED + DECIDED} öppna ärenden:`);
    expect(open).toMatch(new RegExp(`### .+ \\(${SUBMITTED}\\)`));
    expect(open).toMatch(new RegExp(`### .+ \\(${DECIDED}\\)`));
    expect(open).toContain(`De 10 som väntat längst av ${SUBMITTED}.`);
    // In the workflow's order: submitted before decided.
    expect(open.indexOf(`(${SUBMITTED})`)).toBeLessThan(open.indexOf(`(${DECIDED})`));
  });

  it('counts the open requests of each state only up to the bound it is given, and says which counts stopped there', async () => {
    const reader = t.app.get(ChangeRequestReader);
    const later = '2999-01-01T00:00:00.000Z';
    const counts = (bound: number) => t.app.get(Database).read(({ sql }) => reader.openCountsBefore(sql, later, bound));
    const exact = await counts(10_000);
    expect(exact.map((c) => [c.count, c.exact])).toEqual(
      expect.arrayContaining([
        [SUBMITTED, true],
        [DECIDED, true],
      ]),
    );
    expect(exact).toHaveLength(2);
    // Bound 20: the 52 submitted are "more than 20"; the 11 decided are counted exactly.
    const bounded = await counts(20);
    const submitted = bounded.find((c) => c.state === exact.find((e) => e.count === SUBMITTED)!.state)!;
    const decided = bounded.find((c) => c.state === exact.find((e) => e.count === DECIDED)!.state)!;
    expect([submitted.count, submitted.exact, decided.count, decided.exact]).toEqual([20, false, DECIDED, true]);
    // Exactly at the bound is exact.
    const atBound = await counts(SUBMITTED);
    expect(atBound.find((c) => c.state === submitted.state)).toMatchObject({ count: SUBMITTED, exact: true });
    // Before any of them existed there is nothing open.
    expect(await t.app.get(Database).read(({ sql }) => reader.openCountsBefore(sql, '2000-01-01T00:00:00.000Z', 20))).toEqual([]);
  });
});
