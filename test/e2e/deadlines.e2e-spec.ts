import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/**
 * SPEC §9 deadlines and the work queue, with the controlled clock: due dates on Swedish working
 * days (julafton, juldagarna, nyårsdagen and trettondedag jul are not), the definition's default
 * as data, overdue requests in the list, on the request and in "Att göra", and VGR's handling
 * time stopped while the requester is asked for more information.
 */
interface Deadline {
  kind: string;
  dueAt: string;
  status: string;
  awaits: string[];
  pausedSince: string | null;
  metBy: string | null;
}
interface Task {
  changeRequest: { id: string; overdue: boolean };
  events: { type: string }[];
  dueAt: string | null;
  overdue: boolean;
}

const ROOT = resolve(__dirname, '../..');

async function at(t: TestApp, now: string) {
  await api(t).put('vgr.handlaggare', '/api/test/clock', { now }).expect(200);
}

async function submitted(t: TestApp, title = SJUHARAD_DRAFT.title): Promise<string> {
  const call = api(t);
  const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title }).expect(201)).body.id as string;
  await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
  return id;
}

const deadline = async (t: TestApp, id: string, kind: string): Promise<Deadline> =>
  ((await api(t).get('vgr.handlaggare', `/api/change-requests/${id}`).expect(200)).body.deadlines as Deadline[]).filter((d) => d.kind === kind).at(-1)!;

const tasks = async (t: TestApp, user: string): Promise<Task[]> => (await api(t).get(user, '/api/me/tasks').expect(200)).body.items;

describe('deadlines and the work queue (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { clockControl: true } });
  });
  afterAll(() => t?.close());

  it('dates an information request on working days: julafton moves to the 27th, the default is 5 working days', async () => {
    await at(t, '2024-12-16T09:00:00+01:00');
    const a = await submitted(t, 'Komplettering med datum');
    const b = await submitted(t, 'Komplettering utan datum');
    // Submitted Monday 16 December: VGR acknowledges within 2 working days.
    expect(await deadline(t, a, 'acknowledge')).toMatchObject({ dueAt: '2024-12-18', status: 'open', awaits: ['vgr'] });
    await at(t, '2024-12-20T10:00:00+01:00'); // Friday
    for (const id of [a, b]) await api(t).event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
    expect(await deadline(t, a, 'acknowledge')).toMatchObject({ status: 'met', metBy: 'ACKNOWLEDGE' });

    await api(t).event('vgr.handlaggare', a, { type: 'REQUEST_INFO', text: 'Vilka kommuner?', respondBy: '2024-12-24' }).expect(200);
    await api(t).event('vgr.handlaggare', b, { type: 'REQUEST_INFO', text: 'Vilka kommuner?' }).expect(200);
    expect(await deadline(t, a, 'respond')).toMatchObject({ dueAt: '2024-12-27', status: 'open', awaits: ['vastkom', 'municipality'] });
    expect(await deadline(t, b, 'respond')).toMatchObject({ dueAt: '2025-01-03', status: 'open' });
  });

  it('refuses a past or malformed respondBy with a 400 naming the field, and changes nothing', async () => {
    await at(t, '2024-12-20T10:00:00+01:00');
    const id = await submitted(t, 'Felaktigt datum');
    await api(t).event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
    const before = (await api(t).get('vgr.handlaggare', `/api/change-requests/${id}`).expect(200)).body;
    for (const respondBy of ['2024-12-19', '2024-13-01', '24/12/2024', 20241224]) {
      const response = await api(t).event('vgr.handlaggare', id, { type: 'REQUEST_INFO', text: 'Vad?', respondBy }).expect(400);
      expect(response.body.fields.map((f: { field: string }) => f.field)).toEqual(['respondBy']);
    }
    const after = (await api(t).get('vgr.handlaggare', `/api/change-requests/${id}`).expect(200)).body;
    expect({ version: after.version, deadlines: after.deadlines }).toEqual({ version: before.version, deadlines: before.deadlines });
  });

  it('shows an unanswered request as overdue in the list, on the request and in Att göra for the requesting side only', async () => {
    await at(t, '2025-01-08T09:00:00+01:00');
    const overdue = (await api(t).get('vastkom.handlaggare', '/api/change-requests?overdue=true').expect(200)).body.items as { title: string; overdue: boolean; dueAt: string }[];
    expect(overdue.map((i) => i.title).sort()).toEqual(['Komplettering med datum', 'Komplettering utan datum']);
    expect(overdue.every((i) => i.overdue)).toBe(true);
    const request = overdue.find((i) => i.title === 'Komplettering med datum')!;
    expect(request.dueAt).toBe('2024-12-27');

    for (const user of ['vastkom.handlaggare', 'sjuharad.handlaggare']) {
      const mine = await tasks(t, user);
      const provide = mine.filter((task) => task.events.some((e) => e.type === 'PROVIDE_INFO'));
      expect(provide).toHaveLength(2);
      expect(provide.every((task) => task.overdue && task.changeRequest.overdue)).toBe(true);
      // Nearest due date first.
      expect(provide.map((task) => task.dueAt)).toEqual(['2024-12-27', '2025-01-03']);
    }
    // Borås is not a party: it neither sees them nor has them to do.
    expect(await tasks(t, 'boras.handlaggare')).toEqual([]);
    expect((await api(t).get('boras.handlaggare', '/api/change-requests?overdue=true').expect(200)).body.items).toEqual([]);
    // VGR waits for the answer: not its task, and awaiting=me does not list them for VGR.
    expect((await tasks(t, 'vgr.handlaggare')).some((task) => task.events.some((e) => e.type === 'PROVIDE_INFO'))).toBe(false);
    const awaitingVgr = (await api(t).get('vgr.handlaggare', '/api/change-requests?awaiting=me').expect(200)).body.items as { title: string }[];
    expect(awaitingVgr.map((i) => i.title)).not.toContain('Komplettering med datum');
    const awaitingVastkom = (await api(t).get('vastkom.handlaggare', '/api/change-requests?awaiting=me').expect(200)).body.items as { title: string }[];
    expect(awaitingVastkom.map((i) => i.title)).toContain('Komplettering med datum');

    // The weekly report for 2025-W02 lists them as overdue at the week's end; 2024-W51's has none.
    const w02 = (await api(t).get('vgr.handlaggare', '/api/reports/weekly?week=2025-W02&format=md').expect(200)).text;
    const section = w02.slice(w02.indexOf('Försenade ärenden'));
    expect(section).toMatch(/Komplettering med datum.*Svar på begärd komplettering.*2024-12-27/);
    expect(section).toMatch(/Komplettering utan datum.*Svar på begärd komplettering.*2025-01-03/);
    const w51 = (await api(t).get('vgr.handlaggare', '/api/reports/weekly?week=2024-W51&format=md').expect(200)).text;
    expect(w51).toContain('Inga ärenden var försenade vid veckans slut.');
  });

  it("does not count the time awaiting the requester as VGR's handling time", async () => {
    await at(t, '2024-12-18T09:00:00+01:00'); // Wednesday
    const id = await submitted(t, 'Handläggningstid');
    await api(t).event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
    // 20 working days from 18 December, over jul, nyår and trettondedag jul.
    expect(await deadline(t, id, 'decide')).toMatchObject({ dueAt: '2025-01-23', status: 'open', pausedSince: null });
    await at(t, '2024-12-20T10:00:00+01:00');
    await api(t).event('vgr.handlaggare', id, { type: 'REQUEST_INFO', text: 'Underlag?' }).expect(200);
    expect((await deadline(t, id, 'decide')).pausedSince).not.toBeNull();
    await at(t, '2025-01-08T10:00:00+01:00');
    await api(t).event('sjuharad.handlaggare', id, { type: 'PROVIDE_INFO', text: 'Här är underlaget.' }).expect(200);
    // Seven working days passed while waiting (23, 27, 30 Dec, 2, 3, 7, 8 Jan): the due date moves by as many.
    expect(await deadline(t, id, 'decide')).toMatchObject({ dueAt: '2025-02-03', status: 'open', pausedSince: null });
    expect(await deadline(t, id, 'respond')).toMatchObject({ status: 'met', metBy: 'PROVIDE_INFO' });
    const vgr = await tasks(t, 'vgr.handlaggare');
    const task = vgr.find((x) => x.changeRequest.id === id)!;
    expect(task.events.map((e) => e.type)).toEqual(expect.arrayContaining(['REQUEST_INFO', 'RECORD_IMPACT']));
    expect(task).toMatchObject({ dueAt: '2025-02-03', overdue: false });
    // Once the impact assessment is recorded, recording it is no longer VGR's work; deciding is the steering group's.
    await api(t).event('vgr.handlaggare', id, { type: 'RECORD_IMPACT', text: 'Ingen påverkan.' }).expect(200);
    expect((await tasks(t, 'vgr.handlaggare')).find((x) => x.changeRequest.id === id)?.events.map((e) => e.type)).toEqual(['REQUEST_INFO']);
    expect((await tasks(t, 'styrgrupp.ordforande')).find((x) => x.changeRequest.id === id)?.events.map((e) => e.type)).toEqual(['DECIDE']);
  });
});

describe('the deadline default is data (e2e)', () => {
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'andringsbegaran-workflows-'));
    cpSync(join(ROOT, 'workflows'), dir, { recursive: true });
    const file = join(dir, 'andringsbegaran.json');
    const definition = JSON.parse(readFileSync(file, 'utf8'));
    definition.settings.deadlines.find((d: { kind: string }) => d.kind === 'respond').workingDays = 10;
    writeFileSync(file, JSON.stringify(definition, null, 2));
    t = await createTestApp({ config: { clockControl: true, workflowsDir: dir } });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes 10 working days when the definition says 10, with no change of code', async () => {
    await at(t, '2024-12-20T10:00:00+01:00');
    const id = await submitted(t);
    await api(t).event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
    await api(t).event('vgr.handlaggare', id, { type: 'REQUEST_INFO', text: 'Vad?' }).expect(200);
    // 23, 27, 30 Dec, 2, 3, 7, 8, 9, 10, 13 Jan (6 January is trettondedag jul).
    expect(await deadline(t, id, 'respond')).toMatchObject({ dueAt: '2025-01-13' });
  });
});
