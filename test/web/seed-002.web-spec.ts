/**
 * Browser tests of the web interface against the real app (in-process, temp database).
 * Seed 002 (Sjuhärad asks to join Millennium later) is replayed through the pages only,
 * signing in as each role in turn.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESKTOP, PHONE, SCREENSHOT_DIR, startWebEnv, WebEnv, WebPage } from './web-helpers';
import { ORDINARY_MEMBERS } from '../support/meetings';

jest.setTimeout(180_000);

const SEED = {
  title: 'Justerad tidplan: Sjuhärads kommuner ansluter senare till Millennium',
  description:
    'De åtta kommunerna i de södra delarna av Västra Götaland, Sjuhärads kommunalförbund, meddelar i dag att de behöver mer tid för att implementera Millennium och begär därför att få ansluta sig senare än 12 november.\n\nBeskedet påverkar inte driftstarten av Millennium som vårdinformationssystem för Västra Götalandsregionens (VGR) verksamheter.',
  justification:
    'Kommunerna i södra området lyfte för en tid sedan problem med införandet och lät meddela att de av olika skäl inte är redo att införa Millennium den 12 november.',
  acknowledge: 'På fredagseftermiddagen den 11 oktober mottog VGR en formell ändringsbegäran om justerad tidplan från kommunerna.',
  requestInfo: 'Vilka kommuner omfattas, och när bedömer ni att ni kan vara redo?',
  provideInfo: 'Alla åtta kommuner i Sjuhärad: Bollebygd, Borås, Herrljunga, Mark, Svenljunga, Tranemo, Ulricehamn och Vårgårda. Nytt datum föreslås när vi har en plan.',
  vastkomComment: 'VästKom står bakom begäran och för dialogen vidare med VGR.',
  impact:
    'Tidplanen och införandet av Millennium som vårdinformationssystem för VGR:s verksamheter kommer inte att påverkas av begäran. Nuvarande system för samverkan och informationsutbyte används ytterligare en tid efter driftstarten i november.',
  rationale: 'Överlag är VGR och kommunerna eniga om vägen framåt. Tidplanen för VGR:s verksamheter påverkas inte.',
  meetingReference: 'Programstyrgruppen 2024-10-11, § 4',
  spokesperson: { name: 'Karin Looström Muth', title: 'hälso- och sjukvårdsutvecklingsdirektör' },
  organisationComment:
    'Det är såklart tråkigt om kommunerna inte kommer med i inledningen, men vi har respekt för deras begäran.\nTidplanen för VGR:s verksamheter kommer inte att påverkas i och med begäran.',
};

const ROLE_LABELS: Record<string, string> = {
  'sjuharad.handlaggare': 'Kommun/kommunalförbund',
  'vastkom.handlaggare': 'VästKom',
  'vgr.handlaggare': 'VGR programkontor',
  'styrgrupp.ordforande': 'Programstyrgruppen',
  'styrgrupp.ledamot': 'Programstyrgruppen',
  'uddevalla.handlaggare': 'Kommun/kommunalförbund',
  kommunikator: 'Kommunikation',
  revisor: 'Revision',
  admin: 'Administratör',
};

interface RequestBody {
  id: string;
  reference: string | null;
  state: string;
  version: number;
  allowedEvents: string[];
  communicationActions: { id: string; doneAt: string | null; channel: string }[];
}

let env: WebEnv;
let web: WebPage;
let requestId = '';

async function apiGet<T>(userId: string, path: string): Promise<T> {
  const res = await env.testApp.http.get(path).set('Authorization', `Bearer ${env.testApp.token(userId)}`);
  if (res.status !== 200) throw new Error(`GET ${path} as ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

async function apiPost<T>(userId: string, path: string, body: object, status = 200): Promise<T> {
  const res = await env.testApp.http
    .post(path)
    .set('Authorization', `Bearer ${env.testApp.token(userId)}`)
    .send(body);
  if (res.status !== status) throw new Error(`POST ${path} as ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** A request in dialogue with an impact assessment, created through the API (setup only). */
async function requestReadyForDecision(title: string): Promise<RequestBody> {
  let cr = await apiPost<RequestBody>(
    'sjuharad.handlaggare',
    '/api/change-requests',
    {
      title,
      description: 'Testunderlag för beslut.',
      type: 'schedule',
      requestingOrganisations: ['sjuharad'],
      justification: 'Behöver mer tid.',
      requestedGoLive: '2025-11-12',
    },
    201,
  );
  const send = async (userId: string, type: string, payload: object = {}) => {
    cr = await apiPost<RequestBody>(userId, `/api/change-requests/${cr.id}/events`, { type, ...payload, expectedVersion: cr.version });
  };
  await send('vastkom.handlaggare', 'SUBMIT');
  await send('vgr.handlaggare', 'ACKNOWLEDGE');
  await send('vgr.handlaggare', 'RECORD_IMPACT', { text: 'Ingen påverkan på VGR:s tidplan.' });
  await openMeetingFor(cr.id);
  return cr;
}

/** Programstyrgruppen's meeting with the request on its agenda, opened with every ordinary member present (SPEC §10). */
async function openMeetingFor(changeRequestId: string): Promise<void> {
  const meeting = await apiPost<{ id: string }>('vgr.handlaggare', '/api/meetings', { title: 'Programstyrgruppen Millennium', startsAt: new Date().toISOString() }, 201);
  await apiPost('vgr.handlaggare', `/api/meetings/${meeting.id}/agenda`, { changeRequestId });
  await apiPost('vgr.handlaggare', `/api/meetings/${meeting.id}/events`, { type: 'OPEN', present: ORDINARY_MEMBERS, justerare: 'styrgrupp.ledamot' });
}

async function expectAccessible(page: WebPage, where: string): Promise<void> {
  expect({ where, violations: await page.seriousViolations() }).toEqual({ where, violations: [] });
}

/** The role sees exactly the action forms the API allows that user now. */
async function expectFormsMatchApi(userId: string, expected?: string[]): Promise<string[]> {
  const api = await apiGet<RequestBody>(userId, `/api/change-requests/${requestId}`);
  const shown = await web.actionForms();
  expect({ userId, shown }).toEqual({ userId, shown: [...api.allowedEvents].sort() });
  if (expected) expect(shown).toEqual([...expected].sort());
  return shown;
}

async function openRequestAs(userId: string): Promise<void> {
  await web.signIn(userId);
  await expectSignedIn(userId);
  await web.go(`#/arende/${requestId}`);
  await web.page.locator('#request-title').waitFor();
}

async function expectSignedIn(userId: string): Promise<void> {
  const users = await apiGet<{ id: string; name: string }[]>('admin', '/api/auth/demo-users');
  const user = users.find((u) => u.id === userId);
  expect(await web.page.getByTestId('user-name').textContent()).toBe(user?.name);
  expect(await web.page.getByTestId('user-role').textContent()).toBe(ROLE_LABELS[userId]);
}

async function expectFlash(text: RegExp): Promise<void> {
  await expect(web.page.locator('#flash').textContent()).resolves.toMatch(text);
}

async function stateLabelShown(): Promise<string> {
  return (await web.page.getByTestId('state').textContent()) ?? '';
}

beforeAll(async () => {
  env = await startWebEnv();
  web = await WebPage.open(env);
});

afterAll(async () => {
  await web?.close();
  await env?.close();
});

afterEach(() => {
  expect(web.problems).toEqual([]);
});

describe('web interface', () => {
  it('lists the demo users on the sign-in page, signs in and out, in Swedish', async () => {
    const page = web.page;
    expect(await page.locator('html').getAttribute('lang')).toBe('sv');
    expect(await page.locator('h1').textContent()).toBe('Logga in');
    const users = await apiGet<{ id: string }[]>('admin', '/api/auth/demo-users');
    expect(await page.locator('button[data-user-id]').count()).toBe(users.length);
    await expectAccessible(web, 'sign-in page');

    await web.signIn('revisor');
    await expectSignedIn('revisor');
    expect(await page.evaluate(`sessionStorage.getItem('andringsbegaran.token') !== null`)).toBe(true);
    expect(await page.evaluate('document.cookie')).toBe('');
    await web.rendered(() => page.getByRole('button', { name: 'Logga ut' }).click());
    expect(await page.locator('h1').textContent()).toBe('Logga in');
    expect(await page.evaluate(`sessionStorage.getItem('andringsbegaran.token')`)).toBeNull();
  });

  it('replays seed 002 through the pages, role by role', async () => {
    const page = web.page;

    // 1. Sjuhärad creates the draft: type schedule, requested go-live left empty (= later).
    await web.signIn('sjuharad.handlaggare');
    await expectSignedIn('sjuharad.handlaggare');
    await web.go('#/ny');
    await expectAccessible(web, 'new request form');
    await page.getByLabel('Rubrik').fill('Senare anslutning för Sjuhärad');
    await page.locator('input[name="type"][value="schedule"]').check();
    expect(await page.getByLabel('Begärd driftstart').isVisible()).toBe(true);
    const sjuharad = page.locator('input[name="requestingOrganisations"][value="sjuharad"]');
    if (!(await sjuharad.isChecked())) await sjuharad.check();
    await page.getByLabel('Beskrivning av händelsen').fill(SEED.description);
    await page.getByLabel('Motivering').fill(SEED.justification);
    await web.rendered(() => page.getByRole('button', { name: 'Spara utkast' }).click());
    const match = /#\/arende\/([^/?]+)$/.exec(page.url());
    expect(match).not.toBeNull();
    requestId = decodeURIComponent(match![1]);
    expect(await page.locator('#flash').textContent()).toBe('Utkastet är sparat.');
    // The draft is corrected on the edit page (the EDIT event) before anyone submits it.
    await web.rendered(() => page.getByRole('link', { name: 'Redigera utkastet' }).click());
    expect(await page.getByLabel('Motivering').inputValue()).toBe(SEED.justification);
    expect(await page.locator('input[name="type"][value="schedule"]').isChecked()).toBe(true);
    await page.getByLabel('Rubrik').fill(SEED.title);
    await web.rendered(() => page.getByRole('button', { name: 'Spara ändringar' }).click());
    expect(await page.locator('#flash').textContent()).toBe('Ändringarna är sparade.');
    expect(await page.locator('#request-title').textContent()).toBe(SEED.title);
    expect(await stateLabelShown()).toBe('Utkast');
    expect(await page.locator('#uppgifter').textContent()).toContain('Senare – datum ej fastställt');
    expect(await page.locator('#uppgifter').textContent()).toContain('Sjuhärads kommunalförbund');
    await expectFormsMatchApi('sjuharad.handlaggare');
    expect(await web.actionForms()).not.toContain('SUBMIT');
    await expectAccessible(web, 'request page (draft)');

    // 2. VästKom finds it in the list and submits it formally.
    await web.signIn('vastkom.handlaggare');
    await web.go('#/');
    await page.getByLabel('Sök i text').fill('Sjuhärads kommuner');
    await web.rendered(() => page.getByRole('button', { name: 'Filtrera' }).click());
    const row = page.locator(`a[data-request-id="${requestId}"]`);
    expect(await row.textContent()).toBe(SEED.title);
    await expectAccessible(web, 'list page');
    await web.rendered(() => row.click());
    await expectFormsMatchApi('vastkom.handlaggare');
    expect(await web.actionForms()).toContain('SUBMIT');
    await web.sendEvent('SUBMIT');
    const submitted = await apiGet<RequestBody>('vastkom.handlaggare', `/api/change-requests/${requestId}`);
    expect(submitted.reference).toMatch(/^\S+-\d{4}-\d{4}$/);
    await expectFlash(new RegExp(`^Ändringsbegäran ${submitted.reference} är inlämnad till VGR\\.$`));
    expect(await page.locator('.reference').textContent()).toBe(`Diarienummer ${submitted.reference}`);
    expect(await stateLabelShown()).toBe('Inlämnad');

    // 3. VGR acknowledges (with a comment) and requests more information.
    await openRequestAs('vgr.handlaggare');
    await expectFormsMatchApi('vgr.handlaggare');
    expect(await web.actionForms()).toContain('ACKNOWLEDGE');
    expect(await web.actionForms()).not.toContain('DECIDE');
    await web.sendEvent('ACKNOWLEDGE', { comment: SEED.acknowledge });
    await expectFormsMatchApi('vgr.handlaggare');
    expect(await web.actionForms()).toEqual(expect.arrayContaining(['REQUEST_INFO', 'RECORD_IMPACT', 'COMMENT']));
    expect(await web.actionForms()).not.toContain('DECIDE');
    await web.sendEvent('REQUEST_INFO', { text: SEED.requestInfo });
    expect(await stateLabelShown()).toBe('Inväntar komplettering');
    await expectFormsMatchApi('vgr.handlaggare');
    expect(await web.actionForms()).not.toContain('REQUEST_INFO');

    // 4. Sjuhärad provides the information.
    await openRequestAs('sjuharad.handlaggare');
    await expectFormsMatchApi('sjuharad.handlaggare');
    expect(await web.actionForms()).toContain('PROVIDE_INFO');
    await web.sendEvent('PROVIDE_INFO', { text: SEED.provideInfo });
    expect(await stateLabelShown()).toBe('Pågående dialog');

    // 5. VästKom comments.
    await openRequestAs('vastkom.handlaggare');
    await expectFormsMatchApi('vastkom.handlaggare');
    expect(await web.actionForms()).not.toContain('DECIDE');
    await web.sendEvent('COMMENT', { text: SEED.vastkomComment });

    // 6. VGR records the impact assessment.
    await openRequestAs('vgr.handlaggare');
    await expectFormsMatchApi('vgr.handlaggare');
    await web.sendEvent('RECORD_IMPACT', { text: SEED.impact });
    expect(await page.locator('#konsekvensbedomning').textContent()).toContain(SEED.impact);

    // The dialogue thread shows every message in order, with who wrote it.
    const thread = await page.locator('#dialog li').allTextContents();
    expect(thread).toHaveLength(4);
    expect(thread[0]).toContain(SEED.acknowledge);
    expect(thread[1]).toContain(SEED.requestInfo);
    expect(thread[2]).toContain(SEED.provideInfo);
    expect(thread[2]).toContain('Karin Johansson');
    expect(thread[3]).toContain(SEED.vastkomComment);

    // 7. The steering group decides at its meeting (opened, the request on its agenda): approved, with rationale and meeting reference.
    await openMeetingFor(requestId);
    await openRequestAs('styrgrupp.ordforande');
    expect(await page.locator('[data-event="DECIDE"] [name="meetingId"] option:checked').textContent()).toMatch(/^PSG \d{4}-\d{2}-\d{2}/);
    await expectFormsMatchApi('styrgrupp.ordforande', ['DECIDE']);
    const conditions = page.locator('[data-event="DECIDE"] [name="conditions"]');
    await web.fillEvent('DECIDE', { outcome: 'approved' });
    expect(await conditions.isVisible()).toBe(false);
    await web.fillEvent('DECIDE', { outcome: 'approved_with_conditions' });
    expect(await conditions.isVisible()).toBe(true);
    await web.sendEvent('DECIDE', {
      outcome: 'approved',
      rationale: SEED.rationale,
      meetingReference: SEED.meetingReference,
    });
    expect(await stateLabelShown()).toBe('Beslutad');
    expect(await page.locator('#beslut').textContent()).toContain(SEED.meetingReference);
    expect(await page.locator('#beslut').textContent()).toContain(SEED.rationale);
    await expectFormsMatchApi('styrgrupp.ordforande', []);

    // 8. Communications: record every planned action, spokesperson, comment, complete.
    await openRequestAs('kommunikator');
    await expectFormsMatchApi('kommunikator');
    let cr = await apiGet<RequestBody>('kommunikator', `/api/change-requests/${requestId}`);
    expect(cr.communicationActions.length).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#kommunikation').textContent()).toContain('Pressmeddelande');
    expect(await page.locator('#kommunikation').textContent()).toContain('Internt');
    expect(await page.locator('#kommunikation').textContent()).toContain('Externt');
    for (const action of cr.communicationActions.filter((a) => !a.doneAt)) {
      const values: Record<string, string> = { actionId: action.id };
      if (action.channel === 'Pressmeddelande') values.link = 'https://www.vgregion.se/pressmeddelanden/sjuharad';
      await web.sendEvent('RECORD_COMMUNICATION', values);
      await expectFlash(/^Åtgärden är registrerad som genomförd\.$/);
    }
    cr = await apiGet<RequestBody>('kommunikator', `/api/change-requests/${requestId}`);
    expect(cr.communicationActions.every((a) => a.doneAt)).toBe(true);
    expect(await page.locator('#kommunikation .status-open').count()).toBe(0);
    expect(await page.locator('#kommunikation .status-done').count()).toBe(cr.communicationActions.length);
    await web.sendEvent('ADD_SPOKESPERSON', SEED.spokesperson);
    await web.sendEvent('RECORD_ORGANISATION_COMMENT', { text: SEED.organisationComment });
    expect(await page.locator('#talespersoner').textContent()).toContain(SEED.spokesperson.name);
    await expectFormsMatchApi('kommunikator');
    expect(await web.actionForms()).toContain('COMPLETE_COMMUNICATION');
    await web.sendEvent('COMPLETE_COMMUNICATION');
    expect(await stateLabelShown()).toBe('Kommunicerad');
    await expectFormsMatchApi('kommunikator', []);

    // The full decision history is on the page, one entry per accepted event.
    const history = await apiGet<{ items: { seq: number; hash: string }[] }>('revisor', `/api/change-requests/${requestId}/history`);
    const entries = page.locator('#historik li.timeline-entry');
    expect(await entries.count()).toBe(history.items.length);
    expect(history.items.length).toBeGreaterThanOrEqual(13);
    expect(await entries.last().getAttribute('data-seq')).toBe(String(history.items[history.items.length - 1].seq));
    expect(await entries.last().textContent()).toContain('Markerad som kommunicerad');
    await expectAccessible(web, 'request page (communicated)');
    await web.screenshot('request-communicated-desktop');

    // 9. Auditor and admin may read but see no action forms.
    for (const userId of ['revisor', 'admin']) {
      await openRequestAs(userId);
      await expectFormsMatchApi(userId, []);
      expect(await page.getByTestId('no-actions').textContent()).toBe('Ärendet är avslutat (Kommunicerad). Inget mer återstår att göra.');
    }
  });

  it('filters the list by state, type and organisation through the API', async () => {
    const page = web.page;
    await web.signIn('vgr.handlaggare');
    const filter = async (values: { state?: string; type?: string; organisation?: string }) => {
      await web.go('#/');
      if (values.state) await page.getByLabel('Status').selectOption(values.state);
      if (values.type) await page.getByLabel('Typ').selectOption(values.type);
      if (values.organisation) await page.getByLabel('Organisation').selectOption(values.organisation);
      await web.rendered(() => page.getByRole('button', { name: 'Filtrera' }).click());
    };
    await filter({ state: 'communicated' });
    expect(page.url()).toContain('state=communicated');
    expect(await page.locator(`a[data-request-id="${requestId}"]`).count()).toBe(1);
    const states = await page.locator('.request-table .badge').allTextContents();
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(['Kommunicerad']));
    await expectAccessible(web, 'filtered list');

    await filter({ type: 'scope' });
    expect(await page.locator('#result-count').textContent()).toBe('Inga ändringsbegäranden matchar filtret.');

    await filter({ organisation: 'fyrbodal' });
    expect(await page.locator(`a[data-request-id="${requestId}"]`).count()).toBe(0);
    await filter({ organisation: 'sjuharad', state: 'communicated' });
    expect(await page.locator(`a[data-request-id="${requestId}"]`).count()).toBe(1);
  });

  it('keeps the request away from another municipality and says so in Swedish', async () => {
    expect(requestId).not.toBe('');
    await web.signIn('uddevalla.handlaggare');
    expect(await web.page.locator(`a[data-request-id="${requestId}"]`).count()).toBe(0);
    await web.go(`#/arende/${requestId}`);
    expect(await web.page.getByRole('alert').textContent()).toBe(
      'Ändringsbegäran finns inte, eller så har du inte behörighet att se den.',
    );
    await expectAccessible(web, 'request not found');
  });

  it('shows server validation errors in Swedish at the field, keeping the typed text', async () => {
    const cr = await requestReadyForDecision('Valideringsprov: beslut utan villkor');
    requestId = cr.id;
    await openRequestAs('styrgrupp.ledamot');
    const form = web.page.locator('[data-event="DECIDE"] form');

    // approved_with_conditions without conditions: the server refuses, the field says why.
    await web.fillEvent('DECIDE', {
      outcome: 'approved_with_conditions',
      rationale: 'Bifalls om utbildningsplanen är klar.',
      meetingReference: 'PSG 2024-10-18 § 2',
    });
    await web.submitEvent('DECIDE');
    const conditionsError = form.locator('[data-field="conditions"] .field-error');
    await conditionsError.waitFor();
    expect(await conditionsError.textContent()).toBe('Fel: Villkor måste fyllas i. Det räcker inte med mellanslag.');
    const conditions = form.locator('[name="conditions"]');
    expect(await conditions.getAttribute('aria-invalid')).toBe('true');
    const errorId = await conditionsError.getAttribute('id');
    expect((await conditions.getAttribute('aria-describedby'))?.split(' ')).toContain(errorId);
    expect(await form.locator('.error-summary').textContent()).toContain('Rätta det som är markerat');
    expect(await form.locator('[name="rationale"]').inputValue()).toBe('Bifalls om utbildningsplanen är klar.');
    expect(await form.locator('[name="meetingReference"]').inputValue()).toBe('PSG 2024-10-18 § 2');
    await expectAccessible(web, 'decision form with errors');
    await web.screenshot('decision-form-error-desktop');

    // A rationale of only spaces is refused by the server too.
    await web.fillEvent('DECIDE', { outcome: 'approved', rationale: '   ' });
    await web.submitEvent('DECIDE');
    const rationaleError = form.locator('[data-field="rationale"] .field-error');
    await rationaleError.waitFor();
    expect(await rationaleError.textContent()).toBe('Fel: Motivering måste fyllas i. Det räcker inte med mellanslag.');
    expect(await form.locator('[name="meetingReference"]').inputValue()).toBe('PSG 2024-10-18 § 2');
    expect(await form.locator('[data-field="conditions"] .field-error').isVisible()).toBe(false);

    const after = await apiGet<RequestBody>('styrgrupp.ledamot', `/api/change-requests/${cr.id}`);
    expect(after.version).toBe(cr.version);
    expect(after.state).toBe('dialogue');
  });

  it('tells the slower of two deciders in Swedish that someone acted first, keeping the typed text', async () => {
    const cr = await requestReadyForDecision('Samtidighetsprov: två beslut');
    requestId = cr.id;
    const other = await WebPage.open(env);
    try {
      await openRequestAs('styrgrupp.ledamot');
      await other.signIn('styrgrupp.ordforande');
      await other.go(`#/arende/${cr.id}`);

      // The other member decides first.
      await other.sendEvent('DECIDE', { outcome: 'approved', rationale: 'Bifall.', meetingReference: 'PSG 1' });
      expect(await other.page.getByTestId('state').textContent()).toBe('Beslutad');

      // This member's page is stale; the decision is refused with 409.
      const typed = 'Avslag: underlaget räcker inte för ett nytt datum.';
      await web.fillEvent('DECIDE', { outcome: 'rejected', rationale: typed, meetingReference: 'PSG 2' });
      const form = web.page.locator('[data-event="DECIDE"] form');
      await web.submitEvent('DECIDE');
      const summary = form.locator('.error-summary');
      await summary.locator('text=Någon annan hann före').waitFor();
      expect(await summary.textContent()).toContain('Ändringsbegäran är nu i läget ”Beslutad”.');
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await form.locator('[name="rationale"]').inputValue()).toBe(typed);
      expect(await form.locator('[name="meetingReference"]').inputValue()).toBe('PSG 2');
      expect(await form.locator('input[name="outcome"][value="rejected"]').isChecked()).toBe(true);
      await expectAccessible(web, 'decision form after 409');
      await web.screenshot('decision-form-conflict-desktop');

      // Reloading shows the decision that won and no decision form any more.
      await web.rendered(() => summary.getByRole('button', { name: 'Ladda om ändringsbegäran' }).click());
      expect(await web.page.getByTestId('state').textContent()).toBe('Beslutad');
      expect(await web.page.locator('#beslut').textContent()).toContain('Bifall.');
      expect(await web.actionForms()).toEqual([]);
      // What this member typed is still there to copy.
      expect(await web.page.locator('#ej-registrerat').textContent()).toContain(typed);
      await expectAccessible(web, 'request page with unsent text');
      expect(other.problems).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('saves screenshots of the list, the request page and the decision form at desktop and 360 px', async () => {
    const cr = await requestReadyForDecision('Skärmbildsprov: beslutsformulär');
    requestId = cr.id;
    await openRequestAs('styrgrupp.ordforande');
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['360', PHONE],
    ] as const) {
      await web.page.setViewportSize(viewport);
      await web.go('#/');
      await web.screenshot(`list-${name}`);
      await expectAccessible(web, `list ${name}`);
      await web.go(`#/arende/${cr.id}`);
      await web.screenshot(`request-${name}`);
      await expectAccessible(web, `request ${name}`);
      const decide = web.page.locator('[data-event="DECIDE"]');
      await decide.scrollIntoViewIfNeeded();
      await decide.screenshot({ path: join(SCREENSHOT_DIR, `decision-form-${name}.png`) });
      // Nothing may overflow the viewport sideways.
      const overflow = await web.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ name, overflow }).toEqual({ name, overflow: 0 });
    }
    await web.page.setViewportSize(DESKTOP);
  });

  it('can be used with the keyboard alone, with a visible focus', async () => {
    const page = web.page;
    await web.signIn('vgr.handlaggare');
    await web.rendered(() => page.getByRole('button', { name: 'Logga ut' }).click());
    await page.reload();
    await web.waitForRender(0);
    // First Tab reaches the skip link, which is visible when focused.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Hoppa till huvudinnehållet');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    expect(await page.locator('.skip-link').isVisible()).toBe(true);

    const tabTo = async (predicate: string, max = 300) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(predicate)) return;
      }
      throw new Error(`keyboard focus never reached: ${predicate}`);
    };
    await tabTo(`document.activeElement?.dataset?.userId === 'vgr.handlaggare'`);
    await web.rendered(() => page.keyboard.press('Enter'));
    await expectSignedIn('vgr.handlaggare');

    const cr = await requestReadyForDecision('Tangentbordsprov: kommentar');
    await web.go(`#/arende/${cr.id}`);
    await tabTo(`document.activeElement?.closest('[data-event="COMMENT"]') !== null && document.activeElement.name === 'text'`);
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none');
    await page.keyboard.type('Kommentar skriven med tangentbordet.');
    await tabTo(`document.activeElement?.closest('[data-event="COMMENT"]') !== null && document.activeElement.type === 'submit'`, 5);
    await web.rendered(() => page.keyboard.press('Enter'));
    expect(await page.locator('#dialog').textContent()).toContain('Kommentar skriven med tangentbordet.');
  });

  it('shows the workflow as states, transitions and Mermaid source, and the rollout plan by area', async () => {
    const page = web.page;
    const { definition, mermaid } = await apiGet<{
      definition: { states: Record<string, { label: string }>; events: Record<string, { label: string }> };
      mermaid: string;
    }>('vgr.handlaggare', '/api/workflows/andringsbegaran');

    await web.signIn('kommunikator');
    await web.go('#/arbetsflode');
    const text = (await page.locator('main').textContent()) ?? '';
    for (const s of Object.values(definition.states)) expect(text).toContain(s.label);
    for (const e of Object.values(definition.events)) expect(text).toContain(e.label);
    expect(await page.locator('pre code').textContent()).toBe(mermaid);
    await expectAccessible(web, 'workflow page');
    await web.screenshot('workflow-desktop');

    await web.go('#/utrullning');
    const plan = await apiGet<{ stages: { name: string }[] }>('kommunikator', '/api/rollout-plan');
    const orgs = await apiGet<{ id: string; name: string; plannedGoLive: string | null; postponed: boolean }[]>('kommunikator', '/api/organisations');
    const rollout = (await page.locator('main').textContent()) ?? '';
    for (const s of plan.stages) expect(rollout).toContain(s.name);
    expect(rollout).toContain('Sjuhärads kommunalförbund');
    const boras = orgs.find((o) => o.id === 'boras')!;
    const borasRow = page.locator('tr').filter({ has: page.locator('td', { hasText: /^Borås$/ }) }).first();
    expect(await borasRow.textContent()).toContain(boras.postponed ? 'Senare – datum ej fastställt' : (boras.plannedGoLive ?? 'Inte fastställd'));
    await expectAccessible(web, 'rollout page');
    await web.screenshot('rollout-desktop');
  });

  it('shows the extra report of seed 002 in a print view and downloads it as Markdown', async () => {
    const page = web.page;
    await web.signIn('kommunikator');
    const seedRequest = await apiGet<{ items: { id: string; title: string }[] }>(
      'kommunikator',
      `/api/change-requests?text=${encodeURIComponent('Sjuhärads kommuner')}`,
    );
    const seedId = seedRequest.items.find((r) => r.title === SEED.title)?.id;
    expect(seedId).toBeDefined();
    await web.go(`#/rapporter?arende=${seedId}`);
    const report = page.locator('article.report');
    await page.locator('#utskrift article.report, #utskrift [role="alert"]').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#utskrift [role="alert"]').allTextContents()).toEqual([]);
    const reportText = (await report.textContent()) ?? '';
    for (const heading of ['Beskrivning av händelsen', 'Kända omständigheter', 'Talespersoner', 'Sammanställd']) {
      expect(reportText).toContain(heading);
    }
    expect(reportText).toContain(SEED.spokesperson.name);
    expect(await report.locator('script, [style], [onclick]').count()).toBe(0);
    await expectAccessible(web, 'report print view');
    // Printing shows the report alone: no header, navigation, forms or footer.
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.site-header').isVisible()).toBe(false);
      expect(await page.locator('.site-footer').isVisible()).toBe(false);
      expect(await page.locator('form').first().isVisible()).toBe(false);
      expect(await report.isVisible()).toBe(true);
      await web.screenshot('report-print');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ladda ner som Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    expect(readFileSync((await download.path())!, 'utf8')).toContain(SEED.spokesperson.name);

    await page.getByRole('button', { name: 'Visa regional rapport' }).click();
    await page.locator('#utskrift-rubrik', { hasText: 'Regional rapport' }).waitFor();
    await page.locator('#utskrift article.report, #utskrift [role="alert"]').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('#utskrift [role="alert"]').allTextContents()).toEqual([]);
    expect(await page.locator('#utskrift-rubrik').textContent()).toMatch(/^Regional rapport vecka \d{4}-W\d{2}$/);
    expect(await page.locator('article.report').textContent()).toContain(SEED.title);
  });

  it('lets the auditor verify and export the decision history', async () => {
    const page = web.page;
    await web.signIn('revisor');
    expect(await page.getByRole('link', { name: 'Revision' }).count()).toBe(1);
    await web.go('#/revision');
    await page.getByRole('button', { name: 'Verifiera beslutshistoriken' }).click();
    const ok = page.getByTestId('verify-ok');
    await ok.waitFor();
    const verify = await apiGet<{ ok: boolean; entries: number; head: string }>('revisor', '/api/audit/verify');
    expect(verify.ok).toBe(true);
    expect(await ok.textContent()).toContain(`${verify.entries} poster`);
    expect(await page.locator('#verify-result code').textContent()).toBe(verify.head);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exportera som CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(verify.entries);
    await expectAccessible(web, 'audit page');
  });
});
