/// <reference lib="dom" />
/**
 * The rollout plan agrees with the decision (SPEC §3): after the steering group approves that
 * Sjuhärad joins "later, date not yet set", its eight municipalities show "Senare – datum ej
 * fastställt" naming the decision, and are no longer under Södra området's 12 November.
 */
import { startWebEnv, WebEnv, WebPage } from './web-helpers';
import { ORDINARY_MEMBERS } from '../support/meetings';

jest.setTimeout(240_000);

let env: WebEnv;
let web: WebPage;

async function call(userId: string, path: string, body: object, status: number) {
  const res = await env.testApp.http.post(path).set('Authorization', `Bearer ${env.testApp.token(userId)}`).send(body);
  if (res.status !== status) throw new Error(`POST ${path} as ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  env = await startWebEnv();
  web = await WebPage.open(env);
});
afterAll(async () => {
  await web?.close();
  await env?.close();
});

it('shows the Sjuhärad municipalities as postponed by the decision, not on Södra området\'s date, at 1280 and 320 px', async () => {
  const draft = await call(
    'sjuharad.handlaggare',
    '/api/change-requests',
    {
      title: 'Senare anslutning för Sjuhärads kommuner',
      description: 'Kommunerna i Sjuhärad behöver mer tid.',
      type: 'schedule',
      requestingOrganisations: ['sjuharad'],
      justification: 'Inte redo den 12 november.',
      requestedGoLive: null,
    },
    201,
  );
  const events = `/api/change-requests/${draft.id}/events`;
  const { reference } = await call('vastkom.handlaggare', events, { type: 'SUBMIT' }, 200);
  await call('vgr.handlaggare', events, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }, 200);
  await call('vgr.handlaggare', events, { type: 'RECORD_IMPACT', text: 'Påverkar inte VGR:s driftstart.' }, 200);
  const meeting = await call('vgr.handlaggare', '/api/meetings', { title: 'Programstyrgruppen Millennium', startsAt: new Date().toISOString() }, 201);
  await call('vgr.handlaggare', `/api/meetings/${meeting.id}/agenda`, { changeRequestId: draft.id }, 200);
  await call('vgr.handlaggare', `/api/meetings/${meeting.id}/events`, { type: 'OPEN', present: ORDINARY_MEMBERS, justerare: 'styrgrupp.ledamot' }, 200);
  await call('styrgrupp.ordforande', events, { type: 'DECIDE', outcome: 'approved', rationale: 'Senare, datum fastställs senare.', meetingReference: 'PSG § 3', meetingId: meeting.id }, 200);

  await web.signIn('kommunikator');
  await web.go('#/utrullning');
  const postponed = web.page.getByTestId('postponed');
  expect(await postponed.locator('h2').textContent()).toBe('Senare – datum ej fastställt');
  expect(await postponed.textContent()).toMatch(new RegExp(`Beslut i ${reference}: 9 organisationer: .*Borås`));
  expect(await postponed.getByRole('link', { name: reference }).getAttribute('href')).toBe(`#/arende/${draft.id}`);
  const boras = web.page.locator('tr').filter({ has: web.page.locator('td', { hasText: /^Borås$/ }) }).first();
  expect(await boras.textContent()).toContain(`Senare – datum ej fastställt (senarelagd genom beslut i ${reference})`);
  for (const stage of await web.page.locator('.stage').allTextContents()) expect(stage).not.toMatch(/[:,] Borås[.,]/);
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('rollout-postponed-1280');
  await web.page.setViewportSize({ width: 320, height: 800 });
  expect(Number(await web.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(320);
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('rollout-postponed-320');
});
