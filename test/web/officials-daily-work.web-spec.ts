/// <reference lib="dom" />
/**
 * The officials' daily work, in the browser at 320 and 1280 px with axe: the list sorted by
 * title and by organisation in Swedish order, and the revision page finding a person by name.
 */
import { startWebEnv, WebEnv, WebPage } from './web-helpers';

jest.setTimeout(240_000);

const NARROW = { width: 320, height: 800 };
const WIDE = { width: 1280, height: 900 };
const WIDTHS = [
  ['1280', WIDE],
  ['320', NARROW],
] as const;

let env: WebEnv;
let web: WebPage;

async function draft(userId: string, title: string, requestingOrganisations: string[]): Promise<void> {
  const res = await env.testApp.http
    .post('/api/change-requests')
    .set('Authorization', `Bearer ${env.testApp.token(userId)}`)
    .send({
      title,
      description: 'Kommunerna behöver mer tid för att införa Millennium.',
      type: 'schedule',
      requestingOrganisations,
      justification: 'Kommunerna är inte redo.',
      requestedGoLive: null,
    });
  if (res.status !== 201) throw new Error(`draft ${title}: ${res.status} ${JSON.stringify(res.body)}`);
}

async function expectAccessible(where: string): Promise<void> {
  expect({ where, violations: await web.seriousViolations() }).toEqual({ where, violations: [] });
}

async function expectNoSideScroll(where: string): Promise<void> {
  const viewport = web.page.viewportSize()!.width;
  const scrollWidth = Number(await web.page.evaluate('document.documentElement.scrollWidth'));
  expect({ where, fits: scrollWidth <= viewport }).toEqual({ where, fits: true });
}

const titles = () => web.page.locator('.request-table tbody a[data-request-id]').allTextContents();

beforeAll(async () => {
  env = await startWebEnv();
  web = await WebPage.open(env);
  await draft('vastkom.handlaggare', 'Öppettider i vården', ['amal']);
  await draft('vastkom.handlaggare', 'avgifter', ['goteborg']);
  await draft('vastkom.handlaggare', 'Åtgärdsplan', ['vanersborg']);
  await draft('vastkom.handlaggare', 'Zonindelning', ['ale']);
});

afterAll(async () => {
  await web?.close();
  await env?.close();
});

afterEach(async () => {
  expect(web.problems).toEqual([]);
  await web.page.setViewportSize(WIDE);
});

describe('the list by title and by organisation', () => {
  it.each(WIDTHS)('sorts by title A–Ö with å, ä, ö after z, and by organisation, at %s px', async (_, viewport) => {
    await web.page.setViewportSize(viewport);
    await web.signIn('vastkom.handlaggare');
    await web.go('#/');
    const sort = web.page.getByLabel('Sortering');
    const options = await sort.locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['Rubrik, A–Ö', 'Rubrik, Ö–A', 'Organisation, A–Ö', 'Organisation, Ö–A']));

    await sort.selectOption('title:asc');
    await web.rendered(() => web.page.getByRole('button', { name: 'Filtrera' }).click());
    expect(web.page.url()).toContain('sort=title&order=asc');
    expect(await titles()).toEqual(['avgifter', 'Zonindelning', 'Åtgärdsplan', 'Öppettider i vården']);
    expect(await web.page.locator('.request-table caption').textContent()).toContain('sorterade efter rubrik, A–Ö');
    await expectAccessible(`list by title at ${viewport.width} px`);
    await expectNoSideScroll(`list by title at ${viewport.width} px`);

    await web.page.getByLabel('Sortering').selectOption('organisation:desc');
    await web.rendered(() => web.page.getByRole('button', { name: 'Filtrera' }).click());
    // Åmål, Vänersborg, Göteborg, Ale: Ö–A.
    expect(await titles()).toEqual(['Öppettider i vården', 'Åtgärdsplan', 'avgifter', 'Zonindelning']);
    expect(await web.page.locator('.request-table caption').textContent()).toContain('sorterade efter organisation, Ö–A');
    await expectAccessible(`list by organisation at ${viewport.width} px`);
    await expectNoSideScroll(`list by organisation at ${viewport.width} px`);
    await web.screenshot(`list-by-organisation-${viewport.width}`);
  });

  it('sorts from the Rubrik and Begärande organisationer headers, marked with aria-sort', async () => {
    await web.signIn('vastkom.handlaggare');
    await web.go('#/');
    const header = (label: string) => web.page.locator('.request-table th', { hasText: new RegExp(`^${label}`) });
    await web.rendered(() => header('Rubrik').getByRole('link').click());
    expect(await header('Rubrik').getAttribute('aria-sort')).toBe('ascending');
    expect(await titles()).toEqual(['avgifter', 'Zonindelning', 'Åtgärdsplan', 'Öppettider i vården']);
    await web.rendered(() => header('Rubrik').getByRole('link').click());
    expect(await header('Rubrik').getAttribute('aria-sort')).toBe('descending');
    expect(await titles()).toEqual(['Öppettider i vården', 'Åtgärdsplan', 'Zonindelning', 'avgifter']);
    await web.rendered(() => header('Begärande organisationer').getByRole('link').click());
    expect(await header('Begärande organisationer').getAttribute('aria-sort')).toBe('ascending');
    expect(await titles()).toEqual(['Zonindelning', 'avgifter', 'Åtgärdsplan', 'Öppettider i vården']);
    await expectAccessible('list sorted from a header');
  });
});

describe('the revision page', () => {
  it.each(WIDTHS)('finds a person by part of the name, any case, at %s px', async (_, viewport) => {
    await web.page.setViewportSize(viewport);
    await web.signIn('revisor');
    await web.go('#/revision');
    const rows = web.page.locator('.audit-log tbody tr');
    await rows.first().waitFor();
    const person = web.page.getByLabel('Person');
    await person.fill('NILSS');
    await web.page.locator('#logg-filter button[type="submit"]').click();
    // Maria Nilsson (vastkom.handlaggare) made the four drafts: four entries, all hers.
    await web.page.waitForFunction(() => document.querySelectorAll('.audit-log tbody tr').length === 4);
    for (const row of await rows.allTextContents()) expect(row).toContain('Maria Nilsson');
    await person.fill('vastkom.handlaggare');
    await web.page.locator('#logg-filter button[type="submit"]').click();
    await web.page.waitForFunction(() => document.querySelectorAll('.audit-log tbody tr').length === 4);
    await person.fill('Åberg');
    await web.page.locator('#logg-filter button[type="submit"]').click();
    await web.page.getByText('Inga poster matchar sökningen.').waitFor();
    await expectAccessible(`revision page, person searched, at ${viewport.width} px`);
    await expectNoSideScroll(`revision page, person searched, at ${viewport.width} px`);
    await web.screenshot(`audit-person-${viewport.width}`);
  });
});
