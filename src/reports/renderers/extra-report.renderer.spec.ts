import type { ExtraReportInput } from '../report.types';
import { renderExtraReport } from './extra-report.renderer';
import {
  SEED_COMMENTS,
  SEED_DESCRIPTION,
  SEED_CIRCUMSTANCES,
  SEED_IMPACT,
  SEED_JUSTIFICATION,
  seedExtraInput,
} from '../../../test/fixtures/seed-002-report.fixture';

/** The text of one top-level section: from its "## Title" (md) or <h2> (html) to the next. */
function mdSection(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end === -1 ? undefined : end);
}

function htmlSection(html: string, title: string): string {
  const start = html.indexOf(`>${title}</h2>`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = html.indexOf('<h2 ', start + 1);
  return html.slice(start, end === -1 ? undefined : end);
}

function markdownCellsCount(row: string): number {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/).length;
}

function withData(
  patch: Partial<ExtraReportInput['data']>,
  top: Partial<ExtraReportInput> = {},
): ExtraReportInput {
  const input = seedExtraInput();
  return { ...input, ...top, data: { ...input.data, ...patch } };
}

describe('renderExtraReport — the seed 002 case', () => {
  const md = renderExtraReport(seedExtraInput(), 'md');
  const html = renderExtraReport(seedExtraInput(), 'html');

  it('opens with the seed heading, subtitle and compile time in Stockholm time', () => {
    expect(md.split('\n')[0]).toBe(
      '# Extrainsatt rapport med anledning av en ändringsbegäran från Sjuhärads kommunalförbund, via VästKom',
    );
    expect(md).toContain('\nRegional rapport Millennium 2024\n');
    expect(md).toContain('\nSammanställd: 2024-10-11 klockan 15:20\n');
    expect(html).toContain(
      '<h1>Extrainsatt rapport med anledning av en ändringsbegäran från Sjuhärads kommunalförbund, via VästKom</h1>',
    );
    expect(html).toContain('<p class="subtitle">Regional rapport Millennium 2024</p>');
    expect(html).toContain('Sammanställd: 2024-10-11 klockan 15:20');
  });

  it('lists the facts', () => {
    expect(md).toContain('- **Diarienummer:** AB-2024-0001');
    expect(md).toContain('- **Status:** Beslutad');
    expect(md).toContain('- **Typ:** Ändrad tidplan');
    expect(md).toContain('- **Begärd driftstart:** Senare – datum ej fastställt');
    expect(md).toContain('- **Mottagen:** 2024-10-11 klockan 14:05');
    expect(html).toContain('<div><dt>Diarienummer</dt><dd>AB-2024-0001</dd></div>');
    expect(html).toContain('<div><dt>Status</dt><dd>Beslutad</dd></div>');
    expect(html).toContain('<div><dt>Begärd driftstart</dt><dd>Senare – datum ej fastställt</dd></div>');
    expect(html).toContain('<div><dt>Mottagen</dt><dd>2024-10-11 klockan 14:05</dd></div>');
  });

  it('shows a dated requested go-live', () => {
    const dated = renderExtraReport(withData({ requestedGoLive: '2025-11-11' }), 'md');
    expect(dated).toContain('- **Begärd driftstart:** 2025-11-11');
  });

  it('describes the event with description and justification', () => {
    const [firstParagraph, secondParagraph] = SEED_DESCRIPTION.split('\n\n');
    for (const doc of [
      mdSection(md, 'Beskrivning av händelsen'),
      htmlSection(html, 'Beskrivning av händelsen'),
    ]) {
      expect(doc).toContain(firstParagraph);
      expect(doc).toContain(secondParagraph);
      expect(doc).toContain(SEED_JUSTIFICATION);
    }
    // The seed's two paragraphs stay two paragraphs.
    expect(htmlSection(html, 'Beskrivning av händelsen')).toContain(
      `<p>${firstParagraph}</p>\n<p>${secondParagraph}</p>`,
    );
  });

  it("gives the situation as written for the report, paragraph by paragraph, and the impact assessment — never the dialogue's log", () => {
    const section = mdSection(md, 'Kända omständigheter');
    for (const paragraph of SEED_CIRCUMSTANCES) expect(section).toContain(`\n${paragraph}\n`);
    expect(section).toContain('Skriven av Lena Berg');
    expect(section).toContain('### Konsekvensbedömning');
    expect(section).toContain(SEED_IMPACT);
    expect(section).toContain('Registrerad 2024-10-16 klockan 09:45 av Anders Holm (VGR).');
    // The case log — times, names, internal notes — stays on the request's page.
    for (const entry of seedExtraInput().data.thread) {
      expect(md).not.toContain(entry.text);
      expect(html).not.toContain(entry.text);
    }
    expect(md).not.toContain('Mottagningskvittens');

    const htmlPart = htmlSection(html, 'Kända omständigheter');
    for (const paragraph of SEED_CIRCUMSTANCES) expect(htmlPart).toContain(`<p>${paragraph}</p>`);
    expect(htmlPart).toContain('>Konsekvensbedömning</h3>');
    expect(htmlPart).toContain(SEED_IMPACT);
  });

  it('says the situation is not written yet when nobody has written it', () => {
    expect(renderExtraReport(withData({ reportNarrative: null }), 'md')).toContain('Lägesbilden för rapporten är inte skriven ännu.');
    // Snapshots from before the narrative existed have no such field at all.
    expect(renderExtraReport(withData({ reportNarrative: undefined }), 'md')).toContain('Lägesbilden för rapporten är inte skriven ännu.');
  });

  it('uses organisation display names when given', () => {
    const named = renderExtraReport(seedExtraInput(), 'md', {
      organisationNames: { sjuharad: 'Sjuhärads kommunalförbund', vgr: 'Västra Götalandsregionen' },
    });
    expect(named).toContain('Anders Holm (Västra Götalandsregionen, VGR)');
  });

  it('shows the day of the meeting as the decision date when it differs from the registration', () => {
    const input = seedExtraInput();
    const md = renderExtraReport(withData({ decision: { ...input.data.decision!, decidedOn: '2024-10-11' } }), 'md');
    expect(md).toContain('- **Beslutsdatum:** 2024-10-11');
    expect(md).toContain('- **Registrerat:** 2024-10-17 klockan 15:00');
  });

  it('shows the decision', () => {
    const section = mdSection(md, 'Beslut');
    expect(section).toContain('- **Beslut:** Godkänd');
    expect(section).toContain(
      '- **Motivering:** Driftstarten för VGR:s verksamheter påverkas inte',
    );
    expect(section).toContain('- **Mötesreferens:** Programstyrgruppen 2024-10-17, § 12');
    // The day it was decided, and apart from it the moment it was registered.
    expect(section).toContain('- **Beslutsdatum:** 2024-10-17');
    expect(section).toContain('- **Registrerat:** 2024-10-17 klockan 15:00');
    expect(section).toContain('- **Beslutat av:** Lars Ekström (styrgrupp, programstyrgruppen)');
    expect(section).not.toContain('Villkor');
    const htmlPart = htmlSection(html, 'Beslut');
    expect(htmlPart).toContain('<div><dt>Beslut</dt><dd>Godkänd</dd></div>');
    expect(htmlPart).toContain(
      '<div><dt>Mötesreferens</dt><dd>Programstyrgruppen 2024-10-17, § 12</dd></div>',
    );
  });

  it('lists internal and external actions as in the seed, done ones with who and link', () => {
    const section = mdSection(md, 'Kommunikativa åtgärder');
    const internal = section.slice(section.indexOf('### Internt'), section.indexOf('### Externt'));
    const external = section.slice(section.indexOf('### Externt'));
    expect(internal).toContain('- Genomförd 11/10 av Lena Berg: Mejlutskick program Millennium\n');
    expect(internal).toContain('- Planerad 11/10: Nyhetstext på Insidan\n');
    expect(internal).toContain('- Planerad, ej daterad: Information till privata vårdgivare');
    expect(internal).not.toContain('Pressmeddelande');
    expect(external).toContain(
      '- Genomförd 11/10 av Lena Berg: Pressmeddelande ([länk](<https://www.vgregion.se/press/millennium-sjuharad>))',
    );
    expect(external).toContain('- Planerad 11/10: Extern nyhetstext Vårdskiftet');
    expect(external).not.toContain('Insidan');

    const htmlPart = htmlSection(html, 'Kommunikativa åtgärder');
    expect(htmlPart).toContain('<li>Planerad 11/10: Nyhetstext på Insidan</li>');
    expect(htmlPart).toContain(
      '<li>Genomförd 11/10 av Lena Berg: Pressmeddelande (<a href="https://www.vgregion.se/press/millennium-sjuharad">länk</a>)</li>',
    );
    expect(htmlPart.indexOf('>Internt</h3>')).toBeLessThan(
      htmlPart.indexOf('Nyhetstext på Insidan'),
    );
    expect(htmlPart.indexOf('>Externt</h3>')).toBeLessThan(
      htmlPart.indexOf('Extern nyhetstext Vårdskiftet'),
    );
    expect(htmlPart.indexOf('>Externt</h3>')).toBeGreaterThan(
      htmlPart.indexOf('Nyhetstext på Insidan'),
    );
  });

  it('splits the organisation comment into the seed four bullets', () => {
    const section = mdSection(md, 'Verksamhetens kommentar');
    for (const comment of SEED_COMMENTS) {
      expect(section).toContain(`\n- ${comment}`);
    }
    expect(section.match(/\n- /g)).toHaveLength(4);
    expect(htmlSection(html, 'Verksamhetens kommentar').match(/<li>/g)).toHaveLength(4);
  });

  it('names the spokesperson', () => {
    expect(mdSection(md, 'Talespersoner VGR')).toContain(
      '- Karin Looström Muth, hälso- och sjukvårdsutvecklingsdirektör',
    );
    expect(htmlSection(html, 'Talespersoner VGR')).toContain(
      '<li>Karin Looström Muth, hälso- och sjukvårdsutvecklingsdirektör</li>',
    );
  });

  it('closes with the paragraph about the report series', () => {
    const section = mdSection(md, 'Om Regional rapport Millennium');
    expect(section).toContain('Koncernstab kommunikation, Koncernkontoret');
    expect(section).toContain(
      'Vid behov sammanställs regionala rapporter utöver ordinarie utskick',
    );
  });

  it('keeps the seed order of sections', () => {
    const order = [
      'Beskrivning av händelsen',
      'Kända omständigheter',
      'Beslut',
      'Kommunikativa åtgärder',
      'Verksamhetens kommentar',
      'Talespersoner VGR',
      'Om Regional rapport Millennium',
    ].map((title) => md.indexOf(`\n## ${title}\n`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('renderExtraReport — HTML document', () => {
  const html = renderExtraReport(seedExtraInput(), 'html');

  it('is a complete Swedish document with one inline stylesheet and no external assets', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="sv">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Extrainsatt rapport – AB-2024-0001</title>');
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|\ssrc=|@import|url\(/i);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('uses semantic sections with headings', () => {
    expect(html.match(/<section aria-labelledby="[^"]+">/g)?.length).toBeGreaterThanOrEqual(7);
    expect(html.match(/<h2 id=/g)).toHaveLength(7);
  });
});

describe('renderExtraReport — empty and other states', () => {
  const draft = withData(
    {
      reference: null,
      receivedAt: null,
      submittedBy: null,
      thread: [],
      impactAssessment: null,
      decision: null,
      communicationActions: [],
      spokespersons: [],
      organisationComment: null,
      reportNarrative: null,
      description: '',
      justification: '   ',
    },
    { state: 'draft', stateLabel: 'Utkast', submittedViaName: null },
  );

  it.each(['md', 'html'] as const)('says in Swedish that each section is empty (%s)', (format) => {
    const out = renderExtraReport(draft, format);
    expect(out).toContain(
      'Extrainsatt rapport med anledning av en ändringsbegäran från Sjuhärads kommunalförbund',
    );
    expect(out).not.toContain('kommunalförbund, via');
    expect(out).toContain('ej inlämnad');
    expect(out).toContain('ej tilldelat');
    expect(out).toContain('ej mottagen');
    expect(out).toContain('Ingen beskrivning angiven.');
    expect(out).toContain('Ingen motivering angiven.');
    expect(out).toContain('Lägesbilden för rapporten är inte skriven ännu.');
    expect(out).toContain('Ingen konsekvensbedömning registrerad ännu.');
    expect(out).toContain('Inget beslut ännu.');
    expect(out).toContain('Inga interna åtgärder planerade.');
    expect(out).toContain('Inga externa åtgärder planerade.');
    expect(out).toContain('Ingen kommentar registrerad.');
    expect(out).toContain('Inga talespersoner angivna.');
  });

  const md = renderExtraReport(seedExtraInput(), 'md');

  it('shows conditions, a new planned go-live, and the rejected label', () => {
    const decision = seedExtraInput().data.decision!;
    const conditional = renderExtraReport(
      withData({
        decision: {
          ...decision,
          outcome: 'approved_with_conditions',
          conditions: 'Ny plan senast 1 mars.',
        },
      }),
      'md',
    );
    expect(conditional).toContain('- **Beslut:** Godkänd med villkor');
    expect(conditional).toContain('- **Villkor:** Ny plan senast 1 mars.');
    const rescheduled = renderExtraReport(
      withData({ decision: { ...decision, plannedGoLive: '2025-11-11' } }),
      'md',
    );
    expect(rescheduled).toContain('- **Ny planerad driftstart:** 2025-11-11');
    expect(md).not.toContain('Ny planerad driftstart');
    const rejected = renderExtraReport(
      withData({ decision: { ...decision, outcome: 'rejected' } }),
      'html',
    );
    expect(rejected).toContain('<dd>Avslagen</dd>');
  });

  it('shows a withdrawal and the completed communication', () => {
    const out = renderExtraReport(
      withData({
        decision: null,
        withdrawal: {
          reason: 'Kommunerna är redo ändå.',
          at: '2024-10-12T08:00:00Z',
          by: seedExtraInput().data.submittedBy!,
        },
        communicatedAt: '2024-10-18T07:00:00Z',
      }),
      'md',
    );
    expect(out).toContain('Inget beslut fattades innan ärendet återkallades.');
    expect(out).toContain('- **Återkallad:** 2024-10-12 klockan 10:00');
    expect(out).toContain('- **Skäl:** Kommunerna är redo ändå.');
    expect(out).toContain('Kommunikationen slutfördes 2024-10-18 klockan 09:00.');
  });

  it('joins several requesting organisations in Swedish', () => {
    const out = renderExtraReport(
      { ...seedExtraInput(), requestingOrganisationNames: ['Borås', 'Mark', 'Tranemo'] },
      'md',
    );
    expect(out.split('\n')[0]).toBe(
      '# Extrainsatt rapport med anledning av en ändringsbegäran från Borås, Mark och Tranemo, via VästKom',
    );
  });
});

describe('renderExtraReport — hostile and Swedish text', () => {
  const hostile = '<script>alert(1)</script> a | b "citat" \'x\' & åäö ÅÄÖ';
  const input = withData(
    {
      title: hostile,
      description: `${hostile}\n# inte en rubrik\n- inte en punkt`,
      justification: '[klicka](javascript:alert(1))',
      thread: [{ ...seedExtraInput().data.thread[0], text: hostile }],
      communicationActions: [
        {
          id: 'x',
          audience: 'external',
          channel: hostile,
          plannedAt: null,
          doneAt: '2024-10-11T10:00:00Z',
          doneBy: { id: 'u', name: '<b>Namn</b>', organisationId: 'vgr', role: 'vgr' },
          link: 'javascript:alert(1)',
          cancelled: null,
        },
      ],
      spokespersons: [{ name: hostile, title: '*titel*' }],
      organisationComment: `${hostile}\n- redan en punkt`,
    },
    { requestingOrganisationNames: [hostile], stateLabel: hostile },
  );

  it('escapes everything user-supplied in HTML', () => {
    const html = renderExtraReport(input, 'html');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>Namn</b>');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; a | b &quot;citat&quot; &#39;x&#39; &amp; åäö ÅÄÖ',
    );
    expect(html).toContain('<title>Extrainsatt rapport – AB-2024-0001</title>');
    expect(html).toContain('Genomförd 11/10 av &lt;b&gt;Namn&lt;/b&gt;');
    expect(html).toContain('länk: javascript:alert(1)');
  });

  it('escapes Markdown syntax in user text', () => {
    const md = renderExtraReport(input, 'md');
    expect(md).not.toMatch(/(?<!\\)<script/);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\> a \\| b "citat" \'x\' \\& åäö ÅÄÖ');
    expect(md).toContain('\\[klicka\\](javascript:alert(1))');
    expect(md).toContain('\n\\# inte en rubrik');
    expect(md).toContain('\\- inte en punkt');
    expect(md).toContain('\\*titel\\*');
    expect(md).not.toMatch(/(?<!\\)\]\(<?javascript:/);
    // A bullet the user typed is not doubled.
    expect(md).toContain('\n- redan en punkt');
  });

  it('keeps facts rows intact when values contain newlines', () => {
    const md = renderExtraReport(withData({ title: 'rad ett\nrad två' }), 'md');
    expect(md).toContain('- **Ärende:** rad ett\\\n  rad två');
  });

  it('counts Markdown cells correctly for escaped pipes', () => {
    expect(markdownCellsCount('| a \\| b | c |')).toBe(2);
  });
});
