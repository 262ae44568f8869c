/// <reference lib="dom" />
/**
 * What officials found walking seed 002 through the pages, at 320 and 1280 px, with axe and
 * the keyboard: reflow, the drawn workflow, one vocabulary, sorting, filters, dates, weeks,
 * print and the revision page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Route } from 'playwright-core';
import { renderMermaid } from '../../src/workflow/workflow-mermaid';
import { renderWorkflowDiagram } from '../../src/workflow/workflow-diagram';
import type { WorkflowDefinition } from '../../src/workflow/workflow.types';
import { SCREENSHOT_DIR, startWebEnv, WebEnv, WebPage } from './web-helpers';
import { ORDINARY_MEMBERS } from '../support/meetings';

jest.setTimeout(240_000);

const NARROW = { width: 320, height: 800 };
const WIDE = { width: 1280, height: 900 };
const WIDTHS = [
  ['320', NARROW],
  ['1280', WIDE],
] as const;

const LONG_LINK =
  'https://www.vgregion.se/aktuellt/pressmeddelanden/2024/sjuharads-kommunalforbund-begar-att-fa-ansluta-senare-till-millennium-vardinformationssystem';

interface Request {
  id: string;
  reference: string | null;
  version: number;
  state: string;
  communicationActions: { id: string; doneAt: string | null; channel: string }[];
}

let env: WebEnv;
let web: WebPage;
let communicated: Request;
let awaiting: Request;

async function api<T>(
  userId: string,
  method: 'get' | 'post',
  path: string,
  body?: object,
  status = 200,
): Promise<T> {
  const req = env.testApp.http[method](path).set(
    'Authorization',
    `Bearer ${env.testApp.token(userId)}`,
  );
  const res = await (body ? req.send(body) : req);
  if (res.status !== status)
    throw new Error(`${method} ${path} as ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

async function draft(title: string): Promise<Request> {
  return api<Request>(
    'sjuharad.handlaggare',
    'post',
    '/api/change-requests',
    {
      title,
      description:
        'De åtta kommunerna i Sjuhärads kommunalförbund behöver mer tid för att införa Millennium.',
      type: 'schedule',
      requestingOrganisations: ['sjuharad'],
      justification: 'Kommunerna är inte redo den 12 november.',
      requestedGoLive: null,
    },
    201,
  );
}

/** Programstyrgruppen's meeting with the request on its agenda, opened with every ordinary member present; its id. */
async function openMeetingFor(cr: Request): Promise<string> {
  const meeting = await api<{ id: string }>('vgr.handlaggare', 'post', '/api/meetings', { title: 'Programstyrgruppen Millennium', startsAt: new Date().toISOString() }, 201);
  await api('vgr.handlaggare', 'post', `/api/meetings/${meeting.id}/agenda`, { changeRequestId: cr.id });
  await api('vgr.handlaggare', 'post', `/api/meetings/${meeting.id}/events`, { type: 'OPEN', present: ORDINARY_MEMBERS, justerare: 'styrgrupp.ledamot' });
  return meeting.id;
}

/** Sends an event; a DECIDE is taken at a meeting opened for the request (SPEC §10). */
async function send(
  cr: Request,
  userId: string,
  type: string,
  payload: object = {},
): Promise<Request> {
  const meeting = type === 'DECIDE' && !('meetingId' in payload) ? { meetingId: await openMeetingFor(cr) } : {};
  return api<Request>(userId, 'post', `/api/change-requests/${cr.id}/events`, { type, ...payload, ...meeting });
}

/** Seed 002 taken to "Kommunicerad" through the API (the pages are what this file tests). */
async function seed002(): Promise<Request> {
  let cr = await draft('Justerad tidplan: Sjuhärads kommuner ansluter senare till Millennium');
  cr = await send(cr, 'vastkom.handlaggare', 'SUBMIT');
  cr = await send(cr, 'vgr.handlaggare', 'ACKNOWLEDGE', {
    comment: 'VGR har tagit emot ändringsbegäran.',
  });
  cr = await send(cr, 'vastkom.handlaggare', 'COMMENT', { text: 'VästKom står bakom begäran.' });
  cr = await send(cr, 'vgr.handlaggare', 'REQUEST_INFO', { text: 'Vilka kommuner omfattas?' });
  cr = await send(cr, 'sjuharad.handlaggare', 'PROVIDE_INFO', {
    text: 'Alla åtta kommuner i Sjuhärad.',
  });
  cr = await send(cr, 'vgr.handlaggare', 'RECORD_IMPACT', {
    text: 'Tidplanen för VGR:s verksamheter påverkas inte.',
  });
  cr = await send(cr, 'styrgrupp.ordforande', 'DECIDE', {
    outcome: 'approved',
    rationale: 'Överlag är VGR och kommunerna eniga om vägen framåt.',
    meetingReference: 'Programstyrgruppen 2024-10-11, § 4',
  });
  for (const action of cr.communicationActions) {
    cr = await send(cr, 'kommunikator', 'RECORD_COMMUNICATION', {
      actionId: action.id,
      ...(action.channel === 'Pressmeddelande' ? { link: LONG_LINK } : {}),
    });
  }
  cr = await send(cr, 'kommunikator', 'ADD_SPOKESPERSON', {
    name: 'Karin Looström Muth',
    title: 'hälso- och sjukvårdsutvecklingsdirektör',
  });
  return send(cr, 'kommunikator', 'COMPLETE_COMMUNICATION');
}

/** The ISO week of `date` as the product counts it: on the Stockholm calendar, not UTC (Sunday 23:30 UTC is Monday there). */
function isoWeek(date: Date): string {
  const [y, m, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' })
    .format(date)
    .split('-')
    .map(Number);
  const d = new Date(Date.UTC(y, m - 1, day));
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const week = Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** On how many lines the date-time text of a table cell ("2024-10-11 klockan 14:05") is set. */
function dateLines(cell: Locator): Promise<number> {
  return cell.evaluate((td) => {
    const text = Array.from(td.querySelectorAll('*'))
      .flatMap((el) => Array.from(el.childNodes))
      .concat(Array.from(td.childNodes))
      .find((n) => n.nodeType === Node.TEXT_NODE && /klockan/.test(n.textContent ?? ''));
    if (!text) return -1;
    const range = document.createRange();
    range.selectNodeContents(text);
    return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
  });
}

async function expectAccessible(where: string): Promise<void> {
  expect({ where, violations: await web.seriousViolations() }).toEqual({ where, violations: [] });
}

async function expectNoSideScroll(where: string, page = web.page): Promise<void> {
  const viewport = page.viewportSize()!.width;
  const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
  // On failure, name the elements that stick out (the innermost ones), to find the cause.
  const wide =
    scrollWidth <= viewport
      ? []
      : await page.evaluate((limit) => {
          const name = (el: Element) =>
            `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${Array.from(el.classList).join('.')}` : ''}`;
          return Array.from(document.querySelectorAll('body *'))
            .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
            .filter(
              (el) =>
                !Array.from(el.children).some((c) => c.getBoundingClientRect().right > limit + 0.5),
            )
            .slice(0, 6)
            .map(
              (el) =>
                `${el.parentElement ? name(el.parentElement) : ''} > ${name(el)} (${Math.round(el.getBoundingClientRect().right)} px)`,
            );
        }, viewport);
  expect({ where, viewport, fits: scrollWidth <= viewport, wide }).toEqual({
    where,
    viewport,
    fits: true,
    wide: [],
  });
}

async function mainText(): Promise<string> {
  return (await web.page.locator('main').innerText()) ?? '';
}

beforeAll(async () => {
  env = await startWebEnv();
  web = await WebPage.open(env);
  communicated = await seed002();
  awaiting = await draft('Komplettering pågår: Sjuhärad');
  awaiting = await send(awaiting, 'vastkom.handlaggare', 'SUBMIT');
  awaiting = await send(awaiting, 'vgr.handlaggare', 'ACKNOWLEDGE');
  awaiting = await send(awaiting, 'vgr.handlaggare', 'REQUEST_INFO', {
    text: 'Vilket datum föreslår ni?',
  });
  const withdrawn = await draft('Återkallat utkast');
  await send(withdrawn, 'sjuharad.handlaggare', 'WITHDRAW', { reason: 'Skickas i en annan form.' });
});

afterAll(async () => {
  await web?.close();
  await env?.close();
});

afterEach(async () => {
  expect(web.problems).toEqual([]);
  await web.page.setViewportSize(WIDE);
});

describe('every page reflows to 320 px', () => {
  const pages: [string, string, string][] = [
    ['kommunikator', '#/', 'list'],
    ['kommunikator', '#/arende/{communicated}', 'request'],
    ['sjuharad.handlaggare', '#/arende/{awaiting}', 'request-awaiting'],
    ['sjuharad.handlaggare', '#/ny', 'new-request'],
    ['kommunikator', '#/arbetsflode', 'workflow'],
    ['kommunikator', '#/utrullning', 'rollout'],
    ['revisor', '#/revision', 'audit'],
    ['kommunikator', '#/sidan-finns-inte', 'not-found'],
    ['vastkom.handlaggare', '#/att-gora', 'tasks'],
    ['vastkom.handlaggare', '#/aviseringar', 'notifications'],
    ['admin', '#/anvandare', 'users'],
    ['admin', '#/utskick', 'outbox'],
    ['admin', '#/webhooks', 'webhooks'],
  ];

  it('shows no page wider than the screen, axe clean, at 320 and 1280 px (screenshots saved)', async () => {
    await web.page.setViewportSize(NARROW);
    await web.go('#/logga-in');
    await expectNoSideScroll('sign-in 320');
    await expectAccessible('sign-in 320');
    await web.screenshot('officials-login-320');
    let signedIn = '';
    for (const [userId, hash, name] of pages) {
      if (userId !== signedIn) {
        await web.signIn(userId);
        signedIn = userId;
      }
      for (const [width, viewport] of WIDTHS) {
        await web.page.setViewportSize(viewport);
        await web.go(
          hash.replace('{communicated}', communicated.id).replace('{awaiting}', awaiting.id),
        );
        await expectNoSideScroll(`${name} ${width}`);
        // Nothing sticks out of the page's column either (a table wider than its container).
        const overhang = await web.page.evaluate(() => {
          const main = document.getElementById('main')!.getBoundingClientRect().right;
          return Array.from(document.querySelectorAll('main table, main .diagram-scroll, main pre'))
            .map((el) => Math.round(el.getBoundingClientRect().right - main))
            .filter((d) => d > 0);
        });
        expect({ where: `${name} ${width}`, overhang }).toEqual({
          where: `${name} ${width}`,
          overhang: [],
        });
        await expectAccessible(`${name} ${width}`);
        await web.screenshot(`officials-${name}-${width}`);
      }
    }
  });

  it('wraps the long link on the request page and keeps it a link', async () => {
    await web.signIn('kommunikator');
    await web.page.setViewportSize(NARROW);
    await web.go(`#/arende/${communicated.id}`);
    const link = web.page.locator('#kommunikation a', { hasText: 'vgregion.se' });
    expect(await link.getAttribute('href')).toBe(LONG_LINK);
    const box = (await link.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    await expectNoSideScroll('request with a long link 320');
  });

  it('shows the reports as labelled cards at 320 px, dates on one line, and the standalone report too', async () => {
    await web.signIn('kommunikator');
    const week = isoWeek(new Date());
    for (const [width, viewport] of WIDTHS) {
      await web.page.setViewportSize(viewport);
      await web.go(`#/rapporter?arende=${communicated.id}`);
      await web.page.locator('#utskrift article.report').waitFor();
      await expectNoSideScroll(`extra report ${width}`);
      await expectAccessible(`extra report ${width}`);
      await web.screenshot(`officials-report-extra-${width}`);

      await web.page.getByRole('textbox', { name: 'Vecka' }).fill(week);
      await web.page.getByRole('button', { name: 'Visa regional rapport' }).click();
      await web.page.locator('#utskrift-rubrik', { hasText: 'Regional rapport' }).waitFor();
      const cell = web.page.locator('#utskrift article.report td[data-label="Mottagen"]').first();
      await cell.waitFor();
      await expectNoSideScroll(`weekly report ${width}`);
      await expectAccessible(`weekly report ${width}`);
      await web.screenshot(`officials-report-weekly-${width}`);
      // "2024-10-11 klockan 14:05" on one line, not broken after a hyphen.
      const lines = await dateLines(cell);
      expect({ width, lines }).toEqual({ width, lines: 1 });
    }

    // The report's own HTML, opened on its own (its stylesheet is the one in report-document.ts).
    const context = await env.browser.newContext({
      viewport: NARROW,
      extraHTTPHeaders: { Authorization: `Bearer ${env.testApp.token('kommunikator')}` },
    });
    try {
      const page = await context.newPage();
      const cspProblems: string[] = [];
      page.on(
        'console',
        (m) => /Content Security Policy|Refused/i.test(m.text()) && cspProblems.push(m.text()),
      );
      await page.goto(`${env.baseUrl}/api/reports/weekly?week=${week}&format=html`);
      await expectNoSideScroll('standalone weekly report 320', page);
      expect(await page.locator('td[data-label="Mottagen"]').count()).toBeGreaterThan(0);
      const label = await page
        .locator('td[data-label="Mottagen"]')
        .first()
        .evaluate((td) => getComputedStyle(td, '::before').content);
      expect(label).toBe('"Mottagen"');
      expect(await dateLines(page.locator('td[data-label="Mottagen"]').first())).toBe(1);
      await page.setViewportSize(WIDE);
      await expectNoSideScroll('standalone weekly report 1280', page);
      expect(await dateLines(page.locator('td[data-label="Mottagen"]').first())).toBe(1);
      await page.setViewportSize(NARROW);
      await page.screenshot({
        path: join(
          __dirname,
          '..',
          '..',
          'test-output',
          'screenshots',
          'officials-report-standalone-320.png',
        ),
        fullPage: true,
      });
      await page.goto(`${env.baseUrl}/api/reports/change-requests/${communicated.id}?format=html`);
      await expectNoSideScroll('standalone extra report 320', page);
      expect(cspProblems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the workflow page', () => {
  it('draws the workflow with Swedish labels, lists the transitions and keeps the Mermaid source for developers', async () => {
    const { definition, mermaid } = await api<{ definition: WorkflowDefinition; mermaid: string }>(
      'kommunikator',
      'get',
      '/api/workflows/andringsbegaran',
    );
    await web.signIn('kommunikator');
    await web.go('#/arbetsflode');
    const svg = web.page.locator('main svg.workflow-diagram');
    expect(await svg.getAttribute('role')).toBe('img');
    expect(await svg.evaluate((el) => el.querySelector('title')?.textContent)).toBe(
      `Tillståndsdiagram: ${definition.title}`,
    );
    expect(await svg.evaluate((el) => el.querySelector('desc')?.textContent)).toMatch(
      /^Statusar: Utkast/,
    );
    const drawn =
      (await svg.evaluate((el) =>
        Array.from(el.querySelectorAll('text'))
          .map((t) => t.textContent)
          .join(' '),
      )) ?? '';
    for (const label of [
      'Utkast',
      'Inlämnad',
      'Dialog',
      'Pågående dialog',
      'Inväntar komplettering',
      'Beslutad',
      'Kommunicerad',
      'Återkallad',
    ]) {
      expect(drawn).toContain(label);
    }
    expect(drawn).toContain('Fatta beslut');
    expect(drawn).toContain('(Programstyrgruppen)');
    expect(await svg.locator('g.wd-compound[data-state="dialogue"]').count()).toBe(1);
    expect(await svg.locator('g.wd-final').count()).toBe(2);

    // No codes for officials: not in the drawing, not in the text outside the developers' part.
    const visible = await mainText();
    for (const code of [
      'awaiting_requester',
      'stateDiagram',
      'RECORD_IMPACT',
      'steering_group',
      'dialogue',
    ]) {
      expect({ code, shown: visible.includes(code) }).toEqual({ code, shown: false });
    }
    expect(drawn).not.toMatch(/awaiting_requester|steering_group|RECORD_IMPACT/);
    // The transitions as text, for everyone who cannot see the drawing.
    const transitions = (await web.page.locator('#overgangar').locator('..').innerText()) ?? '';
    expect(transitions).toContain('Fatta beslut');
    expect(transitions).toContain('Beslutad');
    // The Mermaid source is there, folded away.
    const details = web.page.locator('details#for-utvecklare');
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await details.locator('pre code').textContent()).toBe(mermaid);
    await expectAccessible('workflow page');

    // On a phone the drawing keeps a readable size in a frame that scrolls, opened at the start;
    // a button fits it to the screen for an overview.
    await web.page.setViewportSize(NARROW);
    await web.go('#/arbetsflode');
    const frame = web.page.locator('.diagram-scroll');
    const start = web.page.locator('svg.workflow-diagram .wd-initial').first();
    await web.page.waitForFunction(
      () => (document.querySelector('.diagram-scroll')?.scrollLeft ?? 0) > 0,
    );
    const [frameBox, startBox] = [(await frame.boundingBox())!, (await start.boundingBox())!];
    expect(startBox.x).toBeGreaterThanOrEqual(frameBox.x);
    expect(startBox.x + startBox.width).toBeLessThanOrEqual(frameBox.x + frameBox.width);
    const toggle = web.page.getByRole('button', { name: 'Visa hela diagrammet i skärmens bredd' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const fitted = await frame.evaluate((f) => f.scrollWidth <= f.clientWidth);
    expect(fitted).toBe(true);
    await expectNoSideScroll('workflow 320, fitted');
    await expectAccessible('workflow 320, fitted');
    await web.screenshot('officials-workflow-320-fitted');
  });

  it('draws any workflow definition the API serves (a second one, from the fixtures)', async () => {
    const fixture = JSON.parse(
      readFileSync(join(__dirname, '..', 'fixtures', 'workflows', 'enkel-fraga.json'), 'utf8'),
    ) as WorkflowDefinition;
    const svg = await renderWorkflowDiagram(fixture);
    const context = web.context;
    const json = (route: Route, body: unknown) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
    await context.route(`${env.baseUrl}/api/workflows`, async (route) => {
      const res = await route.fetch();
      json(route, [
        ...((await res.json()) as unknown[]),
        { id: fixture.id, version: 1, title: fixture.title, description: null },
      ]);
    });
    await context.route(`${env.baseUrl}/api/workflows/enkel-fraga`, (route) =>
      json(route, { definition: fixture, mermaid: renderMermaid(fixture) }),
    );
    await context.route(`${env.baseUrl}/api/workflows/enkel-fraga/diagram.svg`, (route) =>
      route.fulfill({ status: 200, contentType: 'image/svg+xml', body: svg }),
    );
    try {
      await web.signIn('vgr.handlaggare');
      await web.go('#/arbetsflode');
      await web.rendered(() => web.page.getByRole('link', { name: 'Enkel fråga' }).click());
      expect(await web.page.locator('h1').textContent()).toBe('Enkel fråga');
      const drawn = await web.page.locator('main svg.workflow-diagram text').allTextContents();
      for (const label of ['Utkast', 'Öppen', 'Avslutad', 'Skicka fråga', 'Avsluta', '• Svara'])
        expect(drawn).toContain(label);
      await expectAccessible('second workflow');
    } finally {
      await context.unrouteAll();
    }
  });
});

describe('one vocabulary', () => {
  const MIXED = [
    'Konsekvensanalys',
    'Mottagningsbekräftelse',
    'Bifall',
    'Önskad',
    'Inkom',
    'Kommunikationsplan',
    'Dialog – Pågående dialog',
  ];

  it('uses the same words on the request page and in its report, and says in the history what happened', async () => {
    const { definition } = await api<{ definition: WorkflowDefinition }>(
      'kommunikator',
      'get',
      '/api/workflows/andringsbegaran',
    );
    await web.signIn('kommunikator');
    await web.go(`#/arende/${communicated.id}`);
    const page = await mainText();
    await web.go(`#/rapporter?arende=${communicated.id}`);
    await web.page.locator('#utskrift article.report').waitFor();
    const report = (await web.page.locator('#utskrift article.report').innerText()) ?? '';
    for (const [where, text] of [
      ['request page', page],
      ['extra report', report],
    ] as const) {
      for (const word of MIXED)
        expect({ where, word, found: text.includes(word) }).toEqual({ where, word, found: false });
    }
    for (const word of [
      'Konsekvensbedömning',
      'Begärd driftstart',
      'Mottagen',
      'Godkänd',
      'Kommunikativa åtgärder',
    ]) {
      expect({ word, page: page.includes(word), report: report.includes(word) }).toEqual({
        word,
        page: true,
        report: true,
      });
    }

    // The dialogue's own word stays on the page: the report carries the situation as written for it, not the log.
    expect({ page: page.includes('Mottagningskvittens'), report: report.includes('Mottagningskvittens') }).toEqual({ page: true, report: false });

    // History titles say what happened, never a button's imperative.
    await web.go(`#/arende/${communicated.id}`);
    const titles = await web.page.locator('#historik .timeline-event').allTextContents();
    expect(titles).toEqual(
      expect.arrayContaining([
        'Utkast skapat',
        'Inlämnad formellt till VGR',
        'Beslut fattat',
        'Markerad som kommunicerad',
      ]),
    );
    for (const event of [
      'SUBMIT',
      'DECIDE',
      'REQUEST_INFO',
      'RECORD_IMPACT',
      'COMPLETE_COMMUNICATION',
    ]) {
      expect(titles).not.toContain(definition.events[event].label);
    }
    // Each entry shows its sequence number.
    const history = await api<{ items: { seq: number }[] }>(
      'kommunikator',
      'get',
      `/api/change-requests/${communicated.id}/history`,
    );
    expect(await web.page.locator('#historik .timeline-seq').allTextContents()).toEqual(
      history.items.map((e) => `Post ${e.seq}`),
    );
    // A state is named once: the substate as the API and the reports name it.
    const states = await web.page.locator('#historik .timeline-states').allTextContents();
    expect(states).toContain('Inlämnad → Pågående dialog');
    expect(states).toContain('Pågående dialog → Inväntar komplettering');
  });

  it('names an actor once when the organisation and the role say the same', async () => {
    await web.signIn('vastkom.handlaggare');
    expect(await web.page.locator('#signed-in').innerText()).not.toMatch(/VästKom\W+VästKom/);
    expect(await web.page.locator('#signed-in .user-org').count()).toBe(0);
    await web.go(`#/arende/${communicated.id}`);
    const text = await mainText();
    expect(text).not.toMatch(/VästKom, VästKom|VästKom · VästKom/);
    expect(text).toMatch(/\(VästKom\)/);
    expect(text).not.toMatch(/Programstyrgruppen, Programstyrgruppen/);
  });

  it('names the new diarienummer after submitting and says what happened, not which button', async () => {
    const cr = await draft('Flashprov: inlämning');
    await web.signIn('vastkom.handlaggare');
    await web.go(`#/arende/${cr.id}`);
    await web.sendEvent('SUBMIT');
    const after = await api<Request>('vastkom.handlaggare', 'get', `/api/change-requests/${cr.id}`);
    expect(await web.page.locator('#flash').textContent()).toBe(
      `Ändringsbegäran ${after.reference} är inlämnad till VGR.`,
    );
    await web.signIn('vgr.handlaggare');
    await web.go(`#/arende/${cr.id}`);
    await web.sendEvent('ACKNOWLEDGE');
    expect(await web.page.locator('#flash').textContent()).toBe(
      'Mottagandet är bekräftat och dialogen är öppnad. Status: Pågående dialog.',
    );
  });
  it('shows the newest 20 dialogue entries and fetches earlier ones on request', async () => {
    let cr = await draft('Lång dialog');
    cr = await send(cr, 'vastkom.handlaggare', 'SUBMIT');
    cr = await send(cr, 'vgr.handlaggare', 'ACKNOWLEDGE');
    for (let i = 1; i <= 24; i++) cr = await send(cr, 'vastkom.handlaggare', 'COMMENT', { text: `Inlägg ${i}` });
    const full = await api<{ threadTotal: number; thread: unknown[] }>('vgr.handlaggare', 'get', `/api/change-requests/${cr.id}`);
    expect(full.thread).toHaveLength(20);
    await web.signIn('vgr.handlaggare');
    await web.go(`#/arende/${cr.id}`);
    const entries = web.page.locator('#dialog .thread-entry');
    expect(await entries.count()).toBe(20);
    expect(await entries.last().textContent()).toContain('Inlägg 24');
    const earlier = web.page.getByRole('button', { name: /^Visa tidigare inlägg/ });
    expect(await earlier.textContent()).toBe(`Visa tidigare inlägg (${full.threadTotal - 20} till)`);
    await earlier.click();
    await web.page.locator('#dialog [role="status"]', { hasText: 'tidigare inlägg visas' }).waitFor();
    expect(await entries.count()).toBe(full.threadTotal);
    expect(await entries.last().textContent()).toContain('Inlägg 24');
    expect(await web.page.locator('#dialog .thread-entry', { hasText: /Inlägg 1(?!\d)/ }).count()).toBe(1);
    expect(await earlier.count()).toBe(0);
    await expectAccessible('request page with its whole dialogue');
  });
});

describe('the list', () => {
  it('sends the chosen sort to the API and marks the sorted column with aria-sort', async () => {
    const seen: string[] = [];
    // The API's own sorting is the server's part; here it answers as the default order.
    await web.context.route(/\/api\/change-requests\?/, async (route) => {
      const url = new URL(route.request().url());
      seen.push(url.search);
      url.searchParams.delete('sort');
      url.searchParams.delete('order');
      route.continue({ url: url.toString() });
    });
    try {
      await web.signIn('vgr.handlaggare');
      await web.go('#/');
      const header = (label: string) =>
        web.page.locator('.request-table th', { hasText: new RegExp(`^${label}`) });
      expect(await header('Senast ändrad').getAttribute('aria-sort')).toBe('descending');
      expect(await web.page.locator('.request-table th[aria-sort]').count()).toBe(1);
      expect(seen.at(-1)).not.toMatch(/sort=/);

      await web.rendered(() => header('Mottagen').getByRole('link').click());
      expect(seen.at(-1)).toMatch(/[?&]sort=received&order=desc(&|$)/);
      expect(web.page.url()).toContain('sort=received&order=desc');
      expect(await header('Mottagen').getAttribute('aria-sort')).toBe('descending');
      expect(await header('Senast ändrad').getAttribute('aria-sort')).toBeNull();

      await web.rendered(() => header('Mottagen').getByRole('link').click());
      expect(seen.at(-1)).toMatch(/[?&]sort=received&order=asc(&|$)/);
      expect(await header('Mottagen').getAttribute('aria-sort')).toBe('ascending');

      await web.rendered(() => header('Diarienummer').getByRole('link').click());
      expect(seen.at(-1)).toMatch(/[?&]sort=reference&order=asc(&|$)/);

      // The same choice without the table headers (they are hidden when the table stacks).
      await web.page.getByLabel('Sortering').selectOption('state:desc');
      await web.rendered(() => web.page.getByRole('button', { name: 'Filtrera' }).click());
      expect(seen.at(-1)).toMatch(/[?&]sort=state&order=desc(&|$)/);
      expect(await header('Status').getAttribute('aria-sort')).toBe('descending');
      await expectAccessible('sorted list');
    } finally {
      await web.context.unrouteAll();
    }
  });

  it('still lists when the API does not sort, and says so', async () => {
    await web.context.route(/\/api\/change-requests\?.*sort=/, (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 400,
          error: 'Bad Request',
          message: 'property sort should not exist',
        }),
      }),
    );
    try {
      await web.signIn('vgr.handlaggare');
      await web.go('#/?sort=received&order=asc');
      expect(await web.page.locator('#sort-notice').textContent()).toContain('kunde inte sorteras');
      expect(await web.page.locator(`a[data-request-id="${communicated.id}"]`).count()).toBe(1);
      expect(await web.page.locator('.request-table th[aria-sort]').count()).toBe(0);
    } finally {
      await web.context.unrouteAll();
    }
  });

  it('leaves "Dagar i status" empty for final states', async () => {
    await web.signIn('vgr.handlaggare');
    await web.go('#/');
    const days = (id: string) =>
      web.page
        .locator('.request-table tr', { has: web.page.locator(`a[data-request-id="${id}"]`) })
        .locator('td[data-label="Dagar i status"]');
    expect(await days(communicated.id).textContent()).toBe('');
    expect(await days(awaiting.id).textContent()).toMatch(/^\d+ dag(ar)?$/);
    await web.page.setViewportSize(NARROW);
    await web.go('#/');
    expect(await days(communicated.id).isVisible()).toBe(false);
  });

  it('offers a municipality only the organisations it can see', async () => {
    const options = async () =>
      (await web.page.locator('#filter-org-input option').allTextContents()).filter(
        (o) => o !== 'Alla',
      );
    await web.signIn('boras.handlaggare');
    await web.go('#/');
    expect(await options()).toEqual(['Borås']);
    await web.signIn('sjuharad.handlaggare');
    await web.go('#/');
    const sjuharad = await options();
    expect(sjuharad).toHaveLength(9);
    expect(sjuharad).toEqual(
      expect.arrayContaining(['Sjuhärads kommunalförbund', 'Borås', 'Vårgårda']),
    );
    expect(sjuharad).not.toContain('Uddevalla');
    await web.signIn('vgr.handlaggare');
    await web.go('#/');
    expect(await options()).toEqual(expect.arrayContaining(['Uddevalla', 'Borås', 'Göteborg']));
  });

  it('names a compound status with its substates in the status filter', async () => {
    await web.signIn('vgr.handlaggare');
    await web.go('#/');
    expect(
      await web.page.locator('#filter-state-input option[value="dialogue"]').textContent(),
    ).toBe('Dialog (pågående dialog eller inväntar komplettering)');
  });

  it('orders a search best match first, finds Sjuhärad from "sjuharad", and downloads the list as CSV', async () => {
    await web.signIn('vgr.handlaggare');
    await web.go('#/');
    await web.page.getByLabel('Sök i text').fill('komplettering sjuharad');
    await web.rendered(() => web.page.getByRole('button', { name: 'Filtrera' }).click());
    expect(await web.page.locator(`a[data-request-id="${awaiting.id}"]`).count()).toBe(1);
    expect(await web.page.getByLabel('Sortering').inputValue()).toBe('relevance:asc');
    expect(await web.page.locator('.request-table caption').textContent()).toContain('sorterade efter relevans, bästa träff först');
    const [csv] = await Promise.all([
      web.page.waitForEvent('download'),
      web.page.getByRole('button', { name: 'Ladda ner som CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^andringsbegaranden-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.startsWith('\uFEFFDiarienummer,Rubrik,')).toBe(true);
    expect(text).toContain(awaiting.id);
    await expectAccessible('search results');
  });
});

describe('forms, reports and revision', () => {
  it('states the date format (ÅÅÅÅ-MM-DD) at every date field', async () => {
    await web.signIn('sjuharad.handlaggare');
    await web.go('#/ny');
    await web.page.locator('input[name="type"][value="schedule"]').check();
    const goLive = web.page.getByLabel('Begärd driftstart');
    const hintId = (await goLive.getAttribute('aria-describedby'))!.split(' ')[0];
    expect(await web.page.locator(`#${hintId}`).textContent()).toContain('ÅÅÅÅ-MM-DD');

    const cr = await draft('Datumprov: kommunikativ åtgärd');
    let next = await send(cr, 'vastkom.handlaggare', 'SUBMIT');
    next = await send(next, 'vgr.handlaggare', 'ACKNOWLEDGE');
    next = await send(next, 'vgr.handlaggare', 'RECORD_IMPACT', { text: 'Ingen påverkan.' });
    await send(next, 'styrgrupp.ledamot', 'DECIDE', {
      outcome: 'rejected',
      rationale: 'Nej.',
      meetingReference: 'PSG 1',
    });
    await web.signIn('kommunikator');
    await web.go(`#/arende/${cr.id}`);
    const dates = web.page.locator('#atgarder input[type="date"]');
    expect(await dates.count()).toBeGreaterThan(0);
    for (let i = 0; i < (await dates.count()); i++) {
      const ids = ((await dates.nth(i).getAttribute('aria-describedby')) ?? '').split(' ');
      const hints = await Promise.all(ids.map((id) => web.page.locator(`#${id}`).textContent()));
      expect(hints.join(' ')).toContain('ÅÅÅÅ-MM-DD');
    }
    // The time an action was carried out ("Genomförd") states date and time.
    const times = web.page.locator('input[type="datetime-local"]');
    expect(await times.count()).toBeGreaterThan(0);
    for (let i = 0; i < (await times.count()); i++) {
      const ids = ((await times.nth(i).getAttribute('aria-describedby')) ?? '').split(' ');
      const hints = await Promise.all(ids.map((id) => web.page.locator(`#${id}`).textContent()));
      expect(hints.join(' ')).toContain('ÅÅÅÅ-MM-DD tt:mm');
    }
  });

  it('accepts the week as officials write it', async () => {
    const year = isoWeek(new Date()).slice(0, 4);
    await web.signIn('kommunikator');
    await web.go('#/rapporter');
    const week = web.page.getByRole('textbox', { name: 'Vecka' });
    for (const [typed, expected] of [
      ['vecka 49', `${year}-W49`],
      ['v49', `${year}-W49`],
      ['49', `${year}-W49`],
      ['2024-W49', '2024-W49'],
      ['V. 7', `${year}-W07`],
    ]) {
      await week.fill(typed);
      await web.page.getByRole('button', { name: 'Visa regional rapport' }).click();
      await web.page
        .locator('#utskrift-rubrik', { hasText: `Regional rapport vecka ${expected}` })
        .waitFor();
      await web.page.locator('#utskrift article.report').waitFor();
    }
    await week.fill('vecka 60');
    await web.page.getByRole('button', { name: 'Visa regional rapport' }).click();
    expect(await web.page.locator('[data-field="vecka"] .field-error').textContent()).toContain(
      'vecka 49',
    );
  });

  it('prints links with their address', async () => {
    await web.signIn('kommunikator');
    await web.go(`#/rapporter?arende=${communicated.id}`);
    await web.page.locator('#utskrift article.report').waitFor();
    await web.page.emulateMedia({ media: 'print' });
    try {
      const reportLink = web.page.locator('#utskrift article.report a[href^="https://"]').first();
      expect(await reportLink.evaluate((a) => getComputedStyle(a, '::after').content)).toBe(
        `" (${LONG_LINK})"`,
      );
      await web.screenshot('officials-report-print');
      await web.page.emulateMedia({ media: 'screen' });
      await web.go(`#/arende/${communicated.id}`);
      await web.page.emulateMedia({ media: 'print' });
      // A link that shows its address already is not printed twice.
      const shown = web.page.locator('#kommunikation a.url');
      expect(await shown.evaluate((a) => getComputedStyle(a, '::after').content)).toBe('none');
    } finally {
      await web.page.emulateMedia({ media: 'screen' });
    }
  });

  it('asks to confirm a decision before registering it, and takes the meeting’s date apart from today', async () => {
    let cr = await draft('Bekräftelseprov: Sjuhärad');
    cr = await send(cr, 'vastkom.handlaggare', 'SUBMIT');
    cr = await send(cr, 'vgr.handlaggare', 'ACKNOWLEDGE');
    cr = await send(cr, 'vgr.handlaggare', 'RECORD_IMPACT', { text: 'Ingen påverkan.' });
    await openMeetingFor(cr);
    await web.signIn('styrgrupp.ordforande');
    await web.go(`#/arende/${cr.id}`);
    await web.fillEvent('DECIDE', {
      outcome: 'approved',
      rationale: 'Kommunerna behöver mer tid.',
      meetingReference: 'Programstyrgruppen 2024-10-11, § 7',
      decidedOn: '2024-10-11',
    });
    const form = web.page.locator('[data-event="DECIDE"] form');
    await form.locator('button[type="submit"]').click();
    const confirmation = form.locator('.confirmation');
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain('kan inte ändras eller tas tillbaka');
    expect(await confirmation.textContent()).toContain('Godkänd');
    expect(await confirmation.textContent()).toContain('2024-10-11');
    expect(await confirmation.locator('h4').evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible('decision awaiting confirmation');
    await web.screenshot('officials-decision-confirm-1280');
    await form.screenshot({ path: join(SCREENSHOT_DIR, 'officials-decision-confirm-form-1280.png') });
    // Nothing is registered until it is confirmed; going back keeps the form as typed.
    expect((await api<Request>('styrgrupp.ordforande', 'get', `/api/change-requests/${cr.id}`)).state).toBe('dialogue');
    await confirmation.getByRole('button', { name: 'Tillbaka till formuläret' }).click();
    expect(await confirmation.count()).toBe(0);
    expect(await form.locator('[name="rationale"]').inputValue()).toBe('Kommunerna behöver mer tid.');

    await web.page.setViewportSize(NARROW);
    await form.locator('button[type="submit"]').click();
    await expectNoSideScroll('decision awaiting confirmation at 320 px');
    await web.screenshot('officials-decision-confirm-320');
    await web.rendered(() => form.locator('button[data-confirm="yes"]').click());
    expect(await web.page.getByTestId('state').textContent()).toBe('Beslutad');
    const decision = await web.page.locator('#beslut').textContent();
    expect(decision).toMatch(/Beslutsdatum\s*2024-10-11/);
    expect(decision).toMatch(/Registrerat\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it('says what a request is waiting for, and from whom, when the reader has nothing to do', async () => {
    let cr = await draft('Väntar på konsekvensbedömning: Sjuhärad');
    cr = await send(cr, 'vastkom.handlaggare', 'SUBMIT');
    cr = await send(cr, 'vgr.handlaggare', 'ACKNOWLEDGE');
    const waiting = () => web.page.getByTestId('no-actions').textContent();
    await web.signIn('styrgrupp.ordforande');
    await web.go(`#/arende/${cr.id}`);
    expect(await waiting()).toBe('Beslut kan fattas när VGR har registrerat en konsekvensbedömning.');
    cr = await send(cr, 'vgr.handlaggare', 'REQUEST_INFO', { text: 'Vilket datum föreslår ni?' });
    await web.signIn('revisor');
    await web.go(`#/arende/${cr.id}`);
    expect(await waiting()).toMatch(/^Ärendet inväntar komplettering från VästKom och kommun\.$/);
    cr = await send(cr, 'sjuharad.handlaggare', 'PROVIDE_INFO', { text: 'Den 1 mars.' });
    cr = await send(cr, 'vgr.handlaggare', 'RECORD_IMPACT', { text: 'Ingen påverkan.' });
    cr = await send(cr, 'styrgrupp.ordforande', 'DECIDE', {
      outcome: 'approved',
      rationale: 'Bifall.',
      meetingReference: 'Programstyrgruppen 2024-10-11, § 6',
    });
    cr = await send(cr, 'kommunikator', 'RECORD_COMMUNICATION', { actionId: cr.communicationActions[0].id });
    cr = await send(cr, 'kommunikator', 'CANCEL_COMMUNICATION', { actionId: cr.communicationActions[1].id, reason: 'Behövs inte.' });
    await web.signIn('revisor');
    await web.go(`#/arende/${cr.id}`);
    expect(await waiting()).toBe(
      'Beslutet är fattat. 3 av 4 kommunikativa åtgärder återstår. Kommunikationen sköts av VGR och Koncernstab kommunikation.',
    );
    await expectAccessible('request page waiting for communication');
  });

  it('changes the communication plan: a "Markera genomförd" per open row, and an action called off with its reason', async () => {
    let cr = await draft('Kommunikationsplan: Sjuhärad ansluter senare');
    cr = await send(cr, 'vastkom.handlaggare', 'SUBMIT');
    cr = await send(cr, 'vgr.handlaggare', 'ACKNOWLEDGE');
    cr = await send(cr, 'vgr.handlaggare', 'RECORD_IMPACT', { text: 'Ingen påverkan på VGR.' });
    cr = await send(cr, 'styrgrupp.ordforande', 'DECIDE', {
      outcome: 'approved',
      rationale: 'Bifall.',
      meetingReference: 'Programstyrgruppen 2024-10-11, § 5',
    });
    const [unneeded, second] = cr.communicationActions;
    await web.signIn('kommunikator');
    await web.go(`#/arende/${cr.id}`);
    const rowButtons = web.page.locator('#kommunikation button', { hasText: 'Markera genomförd' });
    expect(await rowButtons.count()).toBe(cr.communicationActions.length);

    // The row's button picks its action in the recording form and moves the focus there.
    await web.page.getByRole('button', { name: `Markera genomförd: ${second.channel}` }).click();
    const picked = web.page.locator('#handelse-record-communication-actionId-input');
    expect(await picked.inputValue()).toBe(second.id);
    expect(await picked.evaluate((el) => el === document.activeElement)).toBe(true);
    await web.rendered(() => web.page.locator('#handelse-record-communication button[type="submit"]').click());

    // Calling one off takes a reason, and the page says so in the row.
    await web.page.locator('#handelse-cancel-communication-actionId-input').selectOption(unneeded.id);
    await web.page.locator('#handelse-cancel-communication-reason-input').fill('Mejlutskicket räcker för internt bruk.');
    await web.rendered(() => web.page.locator('#handelse-cancel-communication button[type="submit"]').click());
    const rows = web.page.locator('#kommunikation tr', { hasText: unneeded.channel });
    await expect(rows.first().textContent()).resolves.toMatch(/Inställd .* av .*Skäl: Mejlutskicket räcker för internt bruk\./);
    await expect(web.page.locator('#kommunikation tr', { hasText: second.channel }).first().textContent()).resolves.toMatch(/Genomförd/);
    expect(await rowButtons.count()).toBe(cr.communicationActions.length - 2);
    // Called-off and done actions are no longer offered.
    const offered = await web.page.locator('#handelse-cancel-communication-actionId-input option').evaluateAll((os) =>
      os.map((o) => (o as HTMLOptionElement).value).filter(Boolean),
    );
    expect(offered).not.toContain(unneeded.id);
    expect(offered).not.toContain(second.id);
    await expectAccessible('request page after calling off an action');
    await web.screenshot('officials-communication-plan-1280');
    const plan = web.page.locator('#kommunikation');
    await plan.screenshot({ path: join(SCREENSHOT_DIR, 'officials-communication-plan-section-1280.png') });
    await web.page.setViewportSize(NARROW);
    await expectNoSideScroll('request page with a called-off action at 320 px');
    await web.screenshot('officials-communication-plan-320');
    await plan.screenshot({ path: join(SCREENSHOT_DIR, 'officials-communication-plan-section-320.png') });
  });

  it('shows no "null" on the revision page and says when the verification ran', async () => {
    await web.signIn('revisor');
    await web.go('#/revision');
    expect(await mainText()).not.toMatch(/\bnull\b/);
    expect(
      await web.page
        .locator('main')
        .evaluate((m) =>
          Array.from(m.childNodes).some(
            (n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim(),
          ),
        ),
    ).toBe(false);
    await web.page.getByRole('button', { name: 'Verifiera beslutshistoriken' }).click();
    const ran = web.page.getByTestId('verify-time');
    await ran.waitFor();
    expect(await ran.textContent()).toMatch(
      /^Verifieringen kördes \d{4}-\d{2}-\d{2} \d{2}:\d{2}\.$/,
    );
    expect(await ran.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await expectAccessible('audit page after verification');
  });

  it('lets communications write the situation for the report from a draft of the dialogue, and keeps the log out of the report', async () => {
    await web.signIn('kommunikator');
    await web.go(`#/arende/${awaiting.id}`);
    const text = web.page.locator('#handelse-write-report-narrative-text-input');
    // The draft starts from the dialogue's own words, without times and names.
    expect(await text.inputValue()).toContain('Vilket datum föreslår ni?');
    const narrative = 'Sjuhärads kommuner har begärt att få ansluta senare. VGR har bett om ett förslag på datum.';
    await text.fill(narrative);
    await web.rendered(() => web.page.locator('#handelse-write-report-narrative button[type="submit"]').click());
    expect(await web.page.locator('#lagesbild').textContent()).toContain(narrative);
    await expectAccessible('request page with the situation written');
    await web.page.locator('#lagesbild').screenshot({ path: join(SCREENSHOT_DIR, 'report-narrative-1280.png') });
    const report = await env.testApp.http
      .get(`/api/reports/change-requests/${awaiting.id}?format=md`)
      .set('Authorization', `Bearer ${env.testApp.token('kommunikator')}`)
      .expect(200);
    expect(report.text).toContain(narrative);
    expect(report.text).not.toContain('Vilket datum föreslår ni?');
  });

  it('lets the auditor search the decision history by registration number and event, with sequence numbers', async () => {
    await web.signIn('revisor');
    await web.go('#/revision');
    const rows = web.page.locator('.audit-log tbody tr');
    await rows.first().waitFor();
    await web.page.locator('#logg-reference-input').fill(communicated.reference!);
    await web.page.locator('#logg-event-input').selectOption('DECIDE');
    await web.page.locator('#logg-filter button[type="submit"]').click();
    await web.page.waitForFunction(() => document.querySelectorAll('.audit-log tbody tr').length === 1);
    const row = await rows.first().textContent();
    expect(row).toContain(communicated.reference!);
    expect(row).toMatch(/^\d+/); // the entry's number in the chain comes first
    expect(row).toContain('styrgrupp.');
    await expectAccessible('audit page, log searched');
    await web.screenshot('audit-log-search-1280');
    await web.page.setViewportSize(NARROW);
    await expectNoSideScroll('audit page with the log at 320 px');
    await web.screenshot('audit-log-search-320');
  });

  it('lets an administrator create, change and deactivate users on the Användare pages', async () => {
    await web.signIn('admin');
    await web.go('#/anvandare');
    expect(await web.page.getByRole('link', { name: 'Användare', exact: true }).getAttribute('aria-current')).toBe('page');
    const adminRow = web.page.locator('.users-table tr', { hasText: 'admin' }).filter({ hasText: 'Det är du' });
    expect(await adminRow.count()).toBe(1);
    await expectAccessible('users page');

    // A new user: a bad e-mail address is named at its field, then the corrected form saves.
    await web.rendered(() => web.page.getByRole('link', { name: 'Ny användare' }).click());
    await web.page.locator('#user-id-input').fill('anna.berg');
    await web.page.locator('#user-name-input').fill('Anna Berg');
    await web.page.locator('#user-title-input').fill('Kommunikatör');
    await web.page.locator('#user-organisation-input').selectOption('vgr');
    await web.page.locator('#user-role-input').selectOption('communications');
    await web.page.locator('#user-email-input').fill('anna.berg-at-example.org');
    await web.page.locator('#user-form button[type="submit"]').click();
    await web.page.locator('#user-email.has-error').waitFor();
    await expectAccessible('new-user form with an error');
    await web.screenshot('admin-new-user-error-1280');
    await web.page.locator('#user-email-input').fill('anna.berg@example.org');
    await web.rendered(() => web.page.locator('#user-form button[type="submit"]').click());
    const row = web.page.locator('.users-table tr', { hasText: 'anna.berg' });
    expect(await row.textContent()).toContain('Anna Berg');
    expect(await row.textContent()).toContain('Aktiv');

    // Her role changes on the edit page; the API then treats her as the new role.
    await web.rendered(() => row.getByRole('link', { name: 'Anna Berg' }).click());
    await web.page.locator('#user-role-input').selectOption('vgr');
    await web.rendered(() => web.page.locator('#user-form button[type="submit"]').click());
    const me = await env.testApp.http.get('/api/me').set('Authorization', `Bearer ${env.testApp.token('anna.berg')}`);
    expect(me.body).toMatchObject({ role: 'vgr', organisationId: 'vgr' });

    // Deactivated: the row says so and her token is refused.
    await web.rendered(() => web.page.getByRole('button', { name: 'Inaktivera Anna Berg' }).click());
    expect(await web.page.locator('.users-table tr', { hasText: 'anna.berg' }).textContent()).toContain('Inaktiverad');
    await env.testApp.http.get('/api/me').set('Authorization', `Bearer ${env.testApp.token('anna.berg')}`).expect(401);
    await expectAccessible('users page after deactivating');
    await web.screenshot('admin-users-1280');
    await web.page.setViewportSize(NARROW);
    await expectNoSideScroll('users page at 320 px');
    await web.screenshot('admin-users-320');
    await web.page.setViewportSize(WIDE);

    // Nobody else sees the pages or the menu item.
    await web.signIn('vgr.handlaggare');
    expect(await web.page.getByRole('link', { name: 'Användare', exact: true }).count()).toBe(0);
    await web.go('#/anvandare');
    expect(await mainText()).toContain('Bara administratörer hanterar användare.');
  });
});
