/// <reference lib="dom" />
/**
 * Utskick (admin): a mail the server kept refusing is shown as failed with the server's reply
 * code, and "Försök igen" sends it once the server takes mail again. Axe and 320 px as elsewhere.
 */
import { Database } from '../../src/database/database';
import { mailsSettled, startSmtp, type TestSmtp } from '../support/smtp';
import { startWebEnv, WebEnv, WebPage } from './web-helpers';

jest.setTimeout(240_000);

let smtp: TestSmtp;
let env: WebEnv;
let web: WebPage;

beforeAll(async () => {
  smtp = await startSmtp(2);
  env = await startWebEnv({ config: { mail: { smtpUrl: smtp.url, from: 'noreply@example.org', retryBaseMs: 20, pollMs: 100, maxAttempts: 2 } } });
  web = await WebPage.open(env);
});
afterAll(async () => {
  await web?.close();
  await env?.close();
  await smtp?.close();
});

async function call(userId: string, path: string, body: object, status: number) {
  const res = await env.testApp.http.post(path).set('Authorization', `Bearer ${env.testApp.token(userId)}`).send(body);
  if (res.status !== status) throw new Error(`POST ${path} as ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

it('shows an administrator the failed mail with its reason, and sends it when tried again', async () => {
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
  await call('vastkom.handlaggare', `/api/change-requests/${draft.id}/events`, { type: 'SUBMIT' }, 200);
  await mailsSettled(env.testApp.app.get(Database));

  await web.signIn('admin');
  await web.go('#/utskick');
  expect(await web.page.getByRole('link', { name: 'Utskick', exact: true }).getAttribute('aria-current')).toBe('page');
  expect(await web.page.locator('h1').textContent()).toBe('E-postutskick');
  const row = web.page.locator('.outbox-table tbody tr');
  expect(await row.count()).toBe(1);
  expect(await row.textContent()).toMatch(/vgr\.handlaggare@example\.org.*Att göra – Bekräfta mottagande.*Händelse.*Misslyckat.*2.*451/);
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('admin-outbox-failed-1280');
  await web.page.setViewportSize({ width: 320, height: 800 });
  expect(Number(await web.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(320);
  await web.screenshot('admin-outbox-failed-320');
  await web.page.setViewportSize({ width: 1280, height: 800 });

  await web.rendered(() => web.page.getByRole('button', { name: 'Försök igen till vgr.handlaggare@example.org' }).click());
  expect(await web.page.locator('.notice-success').textContent()).toContain('Utskicket till vgr.handlaggare@example.org försöks igen.');
  await mailsSettled(env.testApp.app.get(Database));
  expect(smtp.received.map((m) => m.to)).toEqual(['vgr.handlaggare@example.org']);
  await web.go('#/utskick?status=sent');
  expect(await web.page.locator('.outbox-table tbody tr').textContent()).toMatch(/Skickat/);
  expect(await web.seriousViolations()).toEqual([]);

  // Nobody else sees the page or its menu item.
  await web.signIn('vgr.handlaggare');
  expect(await web.page.getByRole('link', { name: 'Utskick', exact: true }).count()).toBe(0);
});
