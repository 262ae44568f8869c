/// <reference lib="dom" />
/**
 * Rapporter: the weekly reports compiled on schedule are listed with the sha256 of both
 * versions, each opens its stored body; municipalities do not see the list. Axe and 320 px.
 */
import { Scheduler } from '../../src/scheduler/scheduler';
import { startWebEnv, WebEnv, WebPage } from './web-helpers';

jest.setTimeout(240_000);

let env: WebEnv;
let web: WebPage;

beforeAll(async () => {
  // Thursday of week 41 after 07:00: the start-up run compiles the week.
  env = await startWebEnv({
    clockAt: '2024-10-10T07:05:00+02:00',
    config: { clockControl: true, weeklyReport: { schedule: { weekday: 4, hour: 7, minute: 0 }, recipients: [] } },
  });
  await env.testApp.app.get(Scheduler).settled();
  web = await WebPage.open(env);
});
afterAll(async () => {
  await web?.close();
  await env?.close();
});

it('lists the stored weekly reports with their sha256 and opens the stored one', async () => {
  const list = (
    await env.testApp.http.get('/api/reports/weekly/snapshots').set('Authorization', `Bearer ${env.testApp.token('kommunikator')}`).expect(200)
  ).body;
  expect(list.total).toBe(1);
  const [snapshot] = list.items;

  await web.signIn('kommunikator');
  await web.go('#/rapporter');
  const section = web.page.getByRole('region', { name: 'Sammanställda veckorapporter' });
  expect(await section.locator('li').count()).toBe(1);
  const item = await section.locator('li').textContent();
  expect(item).toContain('Vecka 41, 2024 – sammanställd');
  expect(item).toContain(`SHA-256 (Markdown): ${snapshot.md.sha256}`);
  expect(item).toContain(`SHA-256 (HTML): ${snapshot.html.sha256}`);
  expect(await web.seriousViolations()).toEqual([]);
  await web.page.setViewportSize({ width: 320, height: 800 });
  expect(Number(await web.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(320);
  await web.screenshot('reports-snapshots-320');
  await web.page.setViewportSize({ width: 1280, height: 800 });

  await web.rendered(() => section.getByRole('link', { name: 'Vecka 41, 2024' }).click());
  const report = web.page.getByRole('article', { name: 'Sammanställd regional rapport, vecka 41, 2024' });
  await report.waitFor();
  expect(await report.textContent()).toContain('Sammanställd: 2024-10-10 klockan 07:05');
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('reports-snapshot-1280');

  await web.signIn('sjuharad.handlaggare');
  await web.go('#/rapporter');
  expect(await web.page.getByRole('region', { name: 'Sammanställda veckorapporter' }).count()).toBe(0);
});
