/// <reference lib="dom" />
/**
 * Webhooks (SPEC §9) in the web interface: an administrator sees the registered receivers —
 * never their secrets — and each one's latest deliveries with their outcome; nobody else does.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Database } from '../../src/database/database';
import { sql } from '../../src/database/sql';
import { startWebEnv, WebEnv, WebPage } from './web-helpers';

jest.setTimeout(240_000);

const SECRET = 'webbsidans-hemlighet-0123456789';
const NARROW = { width: 320, height: 800 };
const FINISHED = sql(`SELECT COUNT(*) AS n FROM webhook_attempts WHERE duration_ms IS NOT NULL`);

let env: WebEnv;
let web: WebPage;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(req.url?.includes('fel') ? 500 : 204).end());
});

async function call(userId: string, path: string, body: object, status: number) {
  const res = await env.testApp.http.post(path).set('Authorization', `Bearer ${env.testApp.token(userId)}`).send(body);
  if (res.status !== status) throw new Error(`POST ${path} as ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function expectAccessible(where: string): Promise<void> {
  expect({ where, violations: await web.seriousViolations() }).toEqual({ where, violations: [] });
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env = await startWebEnv({ config: { webhooks: { pollMs: 25, retryBaseMs: 60_000 } } });
  web = await WebPage.open(env);
});
afterAll(async () => {
  await web?.close();
  await env?.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('lists the webhooks and their latest deliveries for an administrator, without the secret', async () => {
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const longUrl = `${base}/mottagare/andringsbegaran/en-mycket-lang-adress-som-inte-far-bredda-sidan-pa-en-smal-skarm?kalla=vgr`;
  await call('admin', '/api/webhooks', { url: longUrl, events: ['SUBMIT'], secret: SECRET }, 201);
  await call('admin', '/api/webhooks', { url: `${base}/fel`, events: ['*'], secret: SECRET }, 201);
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
  // The first delivery is made; the second receiver fails and its retry is a minute away.
  const database = env.testApp.app.get(Database);
  const deadline = Date.now() + 15_000;
  while (Number((await database.read(({ sql: db }) => db.get<{ n: number | string }>(FINISHED)))!.n) < 2) {
    if (Date.now() > deadline) throw new Error('deliveries not made');
    await new Promise((r) => setTimeout(r, 25));
  }

  await web.signIn('admin');
  expect(await web.page.getByRole('link', { name: 'Webhooks', exact: true }).count()).toBe(1);
  await web.go('#/webhooks');
  expect(await web.page.locator('h1').textContent()).toBe('Webhooks');
  expect(await web.page.getByRole('link', { name: 'Webhooks', exact: true }).getAttribute('aria-current')).toBe('page');
  const sections = web.page.locator('section.webhook');
  expect(await sections.count()).toBe(2);
  const first = sections.filter({ hasText: 'en-mycket-lang-adress' });
  expect(await first.locator('h2').textContent()).toBe(longUrl);
  expect(await first.textContent()).toContain('Händelser: SUBMIT');
  const delivered = first.locator('tbody tr');
  expect(await delivered.count()).toBe(1);
  expect(await delivered.textContent()).toMatch(/SUBMIT.*Levererad.*1.*HTTP 204/);
  const failing = sections.filter({ hasText: '/fel' });
  expect(await failing.textContent()).toContain('Händelser: alla');
  expect(await failing.locator('tbody tr').textContent()).toMatch(/SUBMIT.*Väntar.*1.*HTTP 500/);
  expect(await web.page.content()).not.toContain(SECRET);
  await expectAccessible('webhooks page');
  await web.screenshot('admin-webhooks-1280');

  await web.page.setViewportSize(NARROW);
  expect(Number(await web.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(NARROW.width);
  await web.screenshot('admin-webhooks-320');
  expect(web.problems).toEqual([]);
});

it('is not shown to anyone else', async () => {
  await web.signIn('vgr.handlaggare');
  expect(await web.page.getByRole('link', { name: 'Webhooks', exact: true }).count()).toBe(0);
  await web.go('#/webhooks');
  expect(await web.page.locator('#main').textContent()).toContain('Bara administratörer hanterar webhooks.');
});
