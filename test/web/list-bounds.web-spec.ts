/// <reference lib="dom" />
/**
 * SPEC §8: a list counts its total up to a bound. With more than a thousand requests the list
 * says "fler än 1 000" (a no-break space in the number, as Swedish writes it), numbers its pages without a last one, and pages on as long as there is a
 * next page; a ranked search says it ranks the newest thousand matches.
 */
import { PHONE, startWebEnv, WebEnv, WebPage } from './web-helpers';

jest.setTimeout(240_000);

let env: WebEnv;
let web: WebPage;
const REQUESTS = 1005;

beforeAll(async () => {
  env = await startWebEnv();
  const auth = { Authorization: `Bearer ${env.testApp.token('sjuharad.handlaggare')}` };
  for (let from = 0; from < REQUESTS; from += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, REQUESTS - from) }, async (_, i) => {
        const res = await env.testApp.http
          .post('/api/change-requests')
          .set(auth)
          .send({
            title: `Tidplan för Sjuhärads kommun ${from + i + 1}`,
            description: 'Kommunen behöver mer tid.',
            type: 'schedule',
            requestingOrganisations: ['sjuharad'],
            justification: 'Inte redo.',
            requestedGoLive: null,
          });
        if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
      }),
    );
  }
  web = await WebPage.open(env);
}, 180_000);
afterAll(async () => {
  await web?.close();
  await env?.close();
});

it('says "fler än 1 000" past the counted bound and pages on by the next page', async () => {
  await web.signIn('sjuharad.handlaggare');
  await web.go('#/');
  expect(await web.page.locator('#result-count').textContent()).toBe('Visar 1–20 av fler än 1\u00a0000 ändringsbegäranden.');
  const pagination = web.page.getByRole('navigation', { name: 'Sidor' });
  expect(await pagination.textContent()).toContain('Sida 1');
  expect(await pagination.textContent()).not.toContain(' av ');
  await web.rendered(() => pagination.getByRole('link', { name: 'Nästa sida' }).click());
  expect(await web.page.locator('#result-count').textContent()).toBe('Visar 21–40 av fler än 1\u00a0000 ändringsbegäranden.');
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('list-over-the-bound-desktop');

  // Page 51 counts on to 2,000 and knows its end.
  await web.go('#/?page=51');
  expect(await web.page.locator('#result-count').textContent()).toBe(`Visar 1001–${REQUESTS} av ${REQUESTS} ändringsbegäranden.`);
  expect(await pagination.textContent()).toContain('Sida 51 av 51');
  expect(await pagination.getByRole('link', { name: 'Nästa sida' }).count()).toBe(0);

  // A ranked search over as many matches says what it ranks.
  await web.go('#/?text=sjuharads');
  expect(await web.page.locator('#search-window-hint').textContent()).toContain('rangordnar de 1\u00a0000 senaste träffarna');
  expect(web.problems).toEqual([]);
});

it('reads at 320 px without sideways scrolling', async () => {
  const phone = await WebPage.open(env, { ...PHONE, width: 320 });
  try {
    await phone.signIn('sjuharad.handlaggare');
    await phone.go('#/');
    expect(await phone.page.locator('#result-count').textContent()).toContain('fler än 1\u00a0000');
    expect(Number(await phone.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(320);
    await phone.screenshot('list-over-the-bound-320');
    expect(phone.problems).toEqual([]);
  } finally {
    await phone.close();
  }
});
