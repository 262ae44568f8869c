/// <reference lib="dom" />
/**
 * Drafts stay with the requesting side (SPEC §2): a municipality's unsubmitted draft is in its
 * own list and VästKom's, never in VGR's list or the region-wide weekly report. A past week's
 * report shows the decision history as it stood when that week ended (entry count and hash of
 * the last entry before Monday), not as it is now.
 */
import { startWebEnv, WebEnv, WebPage } from './web-helpers';

jest.setTimeout(240_000);

let env: WebEnv;
let web: WebPage;

async function call(userId: string, method: 'post' | 'put' | 'get', path: string, body: object | null, status: number) {
  const req = env.testApp.http[method](path).set('Authorization', `Bearer ${env.testApp.token(userId)}`);
  const res = body ? await req.send(body) : await req;
  if (res.status !== status) throw new Error(`${method} ${path} as ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const DRAFT = {
  description: 'Kommunerna i Sjuhärad behöver mer tid.',
  type: 'schedule',
  requestingOrganisations: ['sjuharad'],
  justification: 'Inte redo den 12 november.',
  requestedGoLive: null,
};

beforeAll(async () => {
  env = await startWebEnv({ config: { clockControl: true } });
  web = await WebPage.open(env);
});
afterAll(async () => {
  await web?.close();
  await env?.close();
});

it("keeps a draft out of VGR's list and the weekly report, and shows week 41's report with the chain as that week ended", async () => {
  await call('vgr.handlaggare', 'put', '/api/test/clock', { now: '2024-10-09T10:00:00+02:00' }, 200);
  await call('sjuharad.handlaggare', 'post', '/api/change-requests', { ...DRAFT, title: 'Utkast som ännu inte är inlämnat' }, 201);
  const submitted = await call('sjuharad.handlaggare', 'post', '/api/change-requests', { ...DRAFT, title: 'Inlämnad begäran från Sjuhärad' }, 201);
  await call('vastkom.handlaggare', 'post', `/api/change-requests/${submitted.id}/events`, { type: 'SUBMIT' }, 200);
  // The next week: more entries in the history.
  await call('vgr.handlaggare', 'put', '/api/test/clock', { now: '2024-10-15T09:00:00+02:00' }, 200);
  await call('vgr.handlaggare', 'post', `/api/change-requests/${submitted.id}/events`, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }, 200);
  const lastOfWeek = (await call('revisor', 'get', '/api/audit/entries?to=2024-10-13&limit=1', null, 200)).items[0];
  const newest = (await call('revisor', 'get', '/api/audit/entries?limit=1', null, 200)).items[0];
  expect(newest.seq).toBeGreaterThan(lastOfWeek.seq);

  await web.signIn('sjuharad.handlaggare');
  await web.go('#/');
  expect(await web.page.locator('main').textContent()).toContain('Utkast som ännu inte är inlämnat');

  await web.signIn('vgr.handlaggare');
  await web.go('#/');
  const list = (await web.page.locator('main').textContent()) ?? '';
  expect(list).toContain('Inlämnad begäran från Sjuhärad');
  expect(list).not.toContain('Utkast som ännu inte är inlämnat');

  await web.go('#/rapporter?vecka=2024-W41');
  await web.page.getByRole('button', { name: 'Visa regional rapport' }).click();
  const report = web.page.locator('#utskrift article.report');
  await report.waitFor();
  const text = (await report.textContent()) ?? '';
  expect(text).toContain('Inlämnad begäran från Sjuhärad');
  expect(text).not.toContain('Utkast som ännu inte är inlämnat');
  expect(text).toContain(`Antal poster: ${lastOfWeek.seq}`);
  expect(text).toContain(lastOfWeek.hash);
  expect(text).not.toContain(newest.hash);
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('weekly-report-w41-1280');
  await web.page.setViewportSize({ width: 320, height: 800 });
  expect(Number(await web.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(320);
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('weekly-report-w41-320');
});
