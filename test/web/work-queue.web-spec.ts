/// <reference lib="dom" />
/**
 * Att göra (SPEC §9): the day starts with what is waiting for one. An information request
 * dated in the form, the clock moved past its due date, and the requesting side opens on its
 * work queue with the request marked "Försenad" — also in the list and on the request page.
 */
import { SCREENSHOT_DIR, startWebEnv, WebEnv, WebPage } from './web-helpers';
import { join } from 'node:path';

jest.setTimeout(240_000);

let env: WebEnv;
let web: WebPage;

async function call(userId: string, method: 'post' | 'put', path: string, body: object, status = 200) {
  const res = await env.testApp.http[method](path).set('Authorization', `Bearer ${env.testApp.token(userId)}`).send(body);
  if (res.status !== status) throw new Error(`${method} ${path} as ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function noSideScroll(): Promise<boolean> {
  const viewport = web.page.viewportSize()!.width;
  return Number(await web.page.evaluate('document.documentElement.scrollWidth')) <= viewport;
}

beforeAll(async () => {
  env = await startWebEnv({ config: { clockControl: true } });
  web = await WebPage.open(env);
});
afterAll(async () => {
  await web?.close();
  await env?.close();
});

it('dates an information request in its form, and shows it as Försenad in Att göra, the list and the request', async () => {
  await call('vgr.handlaggare', 'put', '/api/test/clock', { now: '2024-12-20T10:00:00+01:00' });
  const draft = await call(
    'sjuharad.handlaggare',
    'post',
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
  await call('vastkom.handlaggare', 'post', `/api/change-requests/${draft.id}/events`, { type: 'SUBMIT' });
  await call('vgr.handlaggare', 'post', `/api/change-requests/${draft.id}/events`, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' });

  // VGR opens on Att göra and asks for more, answer by julafton (a holiday: the 27th it is).
  await web.signIn('vgr.handlaggare');
  expect(await web.page.locator('h1').textContent()).toBe('Att göra');
  await web.go(`#/arende/${draft.id}`);
  const respondBy = web.page.locator('#handelse-request-info-respondBy-input');
  expect(await respondBy.getAttribute('type')).toBe('date');
  expect(await web.page.locator('#handelse-request-info-respondBy').textContent()).toMatch(/Svar senast.*standardfristen på 5 arbetsdagar/);
  await web.page.locator('#handelse-request-info-text-input').fill('Vilka kommuner gäller det?');
  await respondBy.fill('2024-12-24');
  await web.rendered(() => web.page.locator('#handelse-request-info button[type="submit"]').click());
  expect(await web.page.locator('#frister-panel').textContent()).toMatch(/Svar på begärd komplettering.*2024-12-27.*Pågår/);

  // Past the due date, the requesting side opens on its work queue.
  await call('vgr.handlaggare', 'put', '/api/test/clock', { now: '2025-01-08T09:00:00+01:00' });
  await web.signIn('vastkom.handlaggare');
  expect(await web.page.locator('h1').textContent()).toBe('Att göra');
  const row = web.page.locator('.tasks-table tr', { hasText: 'Senare anslutning för Sjuhärads kommuner' });
  expect(await row.textContent()).toMatch(/Lämna komplettering.*2024-12-27.*Försenad/);
  expect(await web.page.getByTestId('tasks-summary').textContent()).toMatch(/varav 1 är försenat/);
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('work-queue-1280');
  await web.page.setViewportSize({ width: 320, height: 800 });
  expect(await noSideScroll()).toBe(true);
  await web.screenshot('work-queue-320');
  await web.page.setViewportSize({ width: 1280, height: 900 });

  await web.go('#/');
  expect(await web.page.locator('tr', { hasText: 'Senare anslutning för Sjuhärads kommuner' }).textContent()).toMatch(/Försenad/);
  await web.go(`#/arende/${draft.id}`);
  const deadlines = web.page.locator('#frister-panel');
  expect(await deadlines.textContent()).toMatch(/Svar på begärd komplettering.*2024-12-27.*Försenad/);
  expect(await web.seriousViolations()).toEqual([]);
  await deadlines.screenshot({ path: join(SCREENSHOT_DIR, 'request-deadlines-1280.png') });
  expect(web.problems).toEqual([]);
});

it('counts unread notifications in the menu and lists them on Aviseringar, newest first', async () => {
  await web.signIn('vgr.handlaggare');
  await web.page.getByTestId('unread-count').waitFor();
  const count = Number((await web.page.getByTestId('unread-count').textContent())!.replace(/\D/g, ''));
  expect(count).toBeGreaterThan(0);
  await web.go('#/aviseringar');
  expect(await web.page.locator('h1').textContent()).toBe('Aviseringar');
  expect(await web.page.getByTestId('unread-summary').textContent()).toMatch(new RegExp(`^${count} (oläst|olästa) av \\d+\\.$`));
  expect(await web.page.locator('.notification').first().textContent()).toMatch(/Att göra – /);
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('notifications-1280');
  await web.page.setViewportSize({ width: 320, height: 800 });
  expect(await noSideScroll()).toBe(true);
  await web.screenshot('notifications-320');
  await web.page.setViewportSize({ width: 1280, height: 900 });
  await web.rendered(() => web.page.getByRole('button', { name: 'Markera alla som lästa' }).click());
  expect(await web.page.getByTestId('unread-summary').textContent()).toBe('Alla aviseringar är lästa.');
  expect(await web.page.getByTestId('unread-count').count()).toBe(0);
  expect(web.problems).toEqual([]);
});

it('shows the reminder of a passed deadline on Aviseringar, marked "Frist passerad"', async () => {
  // The clock was moved past the information request's due date above: the requesting side is reminded.
  await web.signIn('vastkom.handlaggare');
  await web.go('#/aviseringar');
  const reminder = web.page.locator('.notification', { hasText: 'Försenad – Svar på begärd komplettering' });
  await reminder.waitFor();
  expect(await reminder.locator('.badge-reminder').textContent()).toBe('Frist passerad');
  expect(await reminder.textContent()).toContain('gick ut 27 december 2024 och är överskriden');
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('notifications-reminder-1280');
  await web.page.setViewportSize({ width: 320, height: 800 });
  expect(await noSideScroll()).toBe(true);
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('notifications-reminder-320');
  await web.page.setViewportSize({ width: 1280, height: 900 });
  expect(web.problems).toEqual([]);
});
