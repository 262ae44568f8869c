/// <reference lib="dom" />
/**
 * Programstyrgruppen's meeting through the pages (SPEC §10): VGR plans it, puts seed 002 on the
 * agenda and opens it with three of five present; the chair sees "Beslutsmässigt: 3 av 5" and the
 * jäv warning, decides with votes; a member reserves; VGR closes; the chair and the justerare sign;
 * the protocol prints; Sjuhärad acknowledges the dispatched decision. axe at every step, 1280 and 320 px.
 */
import { startWebEnv, WebEnv, WebPage } from './web-helpers';

jest.setTimeout(300_000);

let env: WebEnv;
let web: WebPage;

async function call(userId: string, method: 'get' | 'post', path: string, body: object | null, status: number) {
  const req = env.testApp.http[method](path).set('Authorization', `Bearer ${env.testApp.token(userId)}`);
  const res = body ? await req.send(body) : await req;
  if (res.status !== status) throw new Error(`${method} ${path} as ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function fitsAt320(name: string) {
  await web.page.setViewportSize({ width: 320, height: 800 });
  expect(Number(await web.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(320);
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot(`${name}-320`);
  await web.page.setViewportSize({ width: 1280, height: 800 });
}

beforeAll(async () => {
  env = await startWebEnv();
  web = await WebPage.open(env);
});
afterAll(async () => {
  await web?.close();
  await env?.close();
});

it('a meeting from planning to justering and dispatch, through the pages', async () => {
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
  const events = `/api/change-requests/${draft.id}/events`;
  const { reference } = await call('vastkom.handlaggare', 'post', events, { type: 'SUBMIT' }, 200);
  await call('vgr.handlaggare', 'post', events, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }, 200);
  await call('vgr.handlaggare', 'post', events, { type: 'RECORD_IMPACT', text: 'Påverkar inte VGR:s driftstart.' }, 200);

  // VGR plans the meeting and puts the request on its agenda.
  await web.signIn('vgr.handlaggare');
  await web.go('#/sammantraden');
  await web.page.locator('#planera-startsAt-input').fill('2024-10-11T09:00');
  await web.page.locator('#planera-place-input').fill('Regionens hus');
  await web.rendered(() => web.page.getByRole('button', { name: 'Planera sammanträdet' }).click());
  expect(await web.page.locator('table.meetings').textContent()).toContain('PSG 2024-10-11');
  expect(await web.seriousViolations()).toEqual([]);
  await web.rendered(() => web.page.getByRole('link', { name: 'PSG 2024-10-11' }).click());
  await web.page.locator('#uppfor-changeRequestId-input').selectOption(draft.id);
  await web.rendered(() => web.page.getByRole('button', { name: 'För upp på listan' }).click());
  expect(await web.page.locator('[data-item] h3').textContent()).toContain(`§ 1 ${reference}`);
  for (const name of ['Lars Ekström', 'Eva Holmgren', 'Jonas Falk']) await web.page.locator('#oppna').getByLabel(new RegExp(`^${name},`)).check();
  await web.page.locator('#oppna-justerare-input').selectOption('styrgrupp.ledamot');
  await web.rendered(() => web.page.getByRole('button', { name: 'Öppna sammanträdet' }).click());
  expect(await web.page.getByTestId('state').textContent()).toBe('Pågår');
  const meetingUrl = await web.page.evaluate('location.hash');

  // The chair sees the quorum and the jäv warning, and decides with votes (confirming first).
  await web.signIn('styrgrupp.ordforande');
  await web.go(String(meetingUrl));
  expect(await web.page.getByTestId('quorum').textContent()).toBe('Beslutsmässigt: 3 av 5');
  expect(await web.page.getByTestId('jav-warning').textContent()).toContain('VästKom, som är part i ärendet. Överväg jäv.');
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('meeting-opened-1280');
  await fitsAt320('meeting-opened');
  await web.fillEvent('DECIDE', { outcome: 'approved', rationale: 'VGR har respekt för kommunernas begäran.', 'votes.for': '2', 'votes.against': '1' });
  await web.rendered(() => web.submitEvent('DECIDE'));
  expect(await web.page.locator('[data-item]').textContent()).toContain('2 för, 1 emot, 0 avstår');

  await web.signIn('styrgrupp.leverantor');
  await web.go(String(meetingUrl));
  await web.page.locator('#reservation-1-text-input').fill('Jag reserverar mig mot beslutet.');
  await web.rendered(() => web.page.getByRole('button', { name: 'Anteckna reservationen' }).click());
  expect(await web.page.locator('[data-item]').textContent()).toContain('Jonas Falk: Jag reserverar mig mot beslutet.');

  await web.signIn('vgr.handlaggare');
  await web.go(String(meetingUrl));
  await web.rendered(() => web.page.getByRole('button', { name: 'Avsluta sammanträdet' }).click());
  expect(await web.page.getByTestId('state').textContent()).toBe('Väntar på justering');

  for (const signer of ['styrgrupp.ordforande', 'styrgrupp.ledamot']) {
    await web.signIn(signer);
    await web.go(String(meetingUrl));
    await web.rendered(() => web.page.getByRole('button', { name: 'Justera protokollet' }).click());
  }
  expect(await web.page.getByTestId('state').textContent()).toBe('Justerat');
  await web.go(`${meetingUrl}/protokoll`);
  const protocol = await web.page.locator('article.report').textContent();
  expect(protocol).toContain('§ 1');
  expect(protocol).toContain('Omröstning: 2 för, 1 emot, 0 avstår.');
  expect(await web.page.locator('ul.signatures').textContent()).toMatch(/Lars Ekström, ordförande[\s\S]*Eva Holmgren, justerare/);
  expect(await web.seriousViolations()).toEqual([]);
  await web.screenshot('protocol-1280');
  await web.page.emulateMedia({ media: 'print' });
  await web.screenshot('protocol-print');
  await web.page.emulateMedia({ media: 'screen' });
  await fitsAt320('protocol');

  // Sjuhärad sees the dispatched decision on the request and acknowledges receipt.
  await web.signIn('sjuharad.handlaggare');
  await web.go(`#/arende/${draft.id}`);
  expect(await web.page.locator('#beslut').textContent()).toContain('PSG 2024-10-11');
  expect(await web.page.getByTestId('dispatch').textContent()).toContain('PSG 2024-10-11 § 1 sjuharad');
  await web.rendered(() => web.page.getByRole('button', { name: 'Bekräfta mottagandet' }).click());
  expect(await web.page.getByTestId('dispatch').textContent()).toContain('Mottagandet bekräftat');
  expect(await web.seriousViolations()).toEqual([]);
  await fitsAt320('request-dispatch');
  const sent = await call('vgr.handlaggare', 'get', '/api/dispatches', null, 200);
  expect(sent.items.find((m: { organisationId: string }) => m.organisationId === 'sjuharad').acknowledgedBy).toBe('sjuharad.handlaggare');
});
