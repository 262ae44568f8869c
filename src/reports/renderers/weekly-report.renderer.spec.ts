import type { WeeklyReportInput } from '../report.types';
import { TERMS } from '../../common/terms';
import { seedWeeklyInput } from '../../../test/fixtures/seed-002-report.fixture';
import { renderWeeklyReport } from './weekly-report.renderer';

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

/** Rows of the first Markdown table in a section, split on pipes that are not escaped. */
function mdTable(section: string): string[][] {
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

const TABLES = [
  'Mottagna ändringsbegäranden',
  'Beslutade',
  'Kommunicerade',
  'Öppna ärenden',
  'Kommunikativa åtgärder att genomföra',
];

describe('renderWeeklyReport', () => {
  const md = renderWeeklyReport(seedWeeklyInput(), 'md');
  const html = renderWeeklyReport(seedWeeklyInput(), 'html');

  it('names the week, the Monday–Sunday period and the compile time', () => {
    expect(md.split('\n')[0]).toBe('# Regional rapport Millennium — vecka 41, 2024');
    expect(md).toContain('Period: måndag 2024-10-07 – söndag 2024-10-13');
    expect(md).toContain('Sammanställd: 2024-10-11 klockan 15:20');
    expect(html).toContain('<title>Regional rapport Millennium — vecka 41, 2024</title>');
    expect(html).toContain('<h1>Regional rapport Millennium — vecka 41, 2024</h1>');
    expect(html).toContain('Period: måndag 2024-10-07 – söndag 2024-10-13');
  });

  it('gets the period right for a week that ends summer time', () => {
    const out = renderWeeklyReport(
      {
        ...seedWeeklyInput(),
        week: '2024-W43',
        from: '2024-10-20T22:00:00.000Z',
        to: '2024-10-27T23:00:00.000Z',
      },
      'md',
    );
    expect(out).toContain('vecka 43, 2024');
    expect(out).toContain('Period: måndag 2024-10-21 – söndag 2024-10-27');
  });

  it('heads each dated table with the word of its date column, from the shared vocabulary', () => {
    expect(mdTable(mdSection(md, 'Mottagna ändringsbegäranden'))[0]).toContain(TERMS.fields.receivedAt);
    expect(TERMS.weeklyReport.received.startsWith('Mottagna')).toBe(true);
    expect(TERMS.fields.receivedAt).toBe('Mottagen');
    expect(mdTable(mdSection(md, 'Beslutade'))[0]).toContain('Beslutad');
    expect(mdTable(mdSection(md, 'Kommunicerade'))[0]).toContain('Kommunicerad');
    for (const out of [md, html]) expect(out).not.toMatch(/inkom/i);
  });

  it('lists received requests', () => {
    const rows = mdTable(mdSection(md, 'Mottagna ändringsbegäranden'));
    expect(rows[0]).toEqual(['Diarienummer', 'Ärende', 'Organisationer', 'Mottagen', 'Status']);
    expect(rows[2]).toEqual([
      'AB-2024-0001',
      'Sjuhärads kommunalförbund begär senare anslutning till Millennium',
      'Sjuhärads kommunalförbund',
      '2024-10-11 klockan 14:05',
      'Dialog',
    ]);
  });

  it('lists decided requests with the outcome in Swedish', () => {
    const rows = mdTable(mdSection(md, 'Beslutade'));
    expect(rows[2]).toEqual([
      'AB-2024-0002',
      'Justerad tidplan för Borås',
      'Borås',
      '2024-10-10 klockan 11:00',
      'Godkänd med villkor',
      'PSG 2024-10-10, 3 av 5, justerat 2024-10-11',
      'Beslutad',
    ]);
  });

  it('lists communicated requests', () => {
    const rows = mdTable(mdSection(md, 'Kommunicerade'));
    expect(rows[2]).toEqual([
      'AB-2024-0003',
      'Ändrad omfattning för hemsjukvården',
      'Mark, Tranemo',
      '2024-10-09 klockan 09:30',
      'Kommunicerad',
    ]);
  });

  it('lists open requests with days in status', () => {
    const rows = mdTable(mdSection(md, 'Öppna ärenden'));
    expect(rows[0]).toEqual([
      'Diarienummer',
      'Ärende',
      'Organisationer',
      'Status',
      'Dagar i status',
    ]);
    expect(rows[2].slice(-2)).toEqual(['Dialog', '3']);
    expect(htmlSection(html, 'Öppna ärenden')).toContain(
      '<th scope="col" class="num">Dagar i status</th>',
    );
    expect(htmlSection(html, 'Öppna ärenden')).toContain(
      '<td class="num" data-label="Dagar i status">3</td>',
    );
  });

  it('lists communication actions due', () => {
    const rows = mdTable(mdSection(md, 'Kommunikativa åtgärder att genomföra'));
    expect(rows[0]).toEqual(['Diarienummer', 'Ärende', 'Målgrupp', 'Kanal', 'Planerad']);
    expect(rows[2]).toEqual([
      'AB-2024-0002',
      'Justerad tidplan för Borås',
      'Externt',
      'Pressmeddelande',
      '2024-10-11',
    ]);
  });

  it('prints the audit checksum with an explanation', () => {
    const section = mdSection(md, 'Beslutshistorikens kontrollsumma');
    expect(section).toContain('Antal poster: 42');
    expect(section).toContain(
      'Senaste hash: `a3f1c9e07b2d4c58e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7`',
    );
    expect(section).toMatch(/kopia .*utanför systemet.*skrivs om/);
    const htmlPart = htmlSection(html, 'Beslutshistorikens kontrollsumma');
    expect(htmlPart).toContain('<p>Antal poster: 42</p>');
    expect(htmlPart).toContain(
      '<p>Senaste hash: <code>a3f1c9e07b2d4c58e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7</code></p>',
    );
  });

  it('renders every table in HTML with column headers', () => {
    for (const title of TABLES) {
      const part = htmlSection(html, title);
      expect(part).toContain('<table>');
      expect(part).toContain('<th scope="col">Diarienummer</th>');
      expect(part).toMatch(/<td data-label="Diarienummer">AB-2024-000\d<\/td>/);
    }
    expect(html.startsWith('<!doctype html>\n<html lang="sv">')).toBe(true);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|<link|\ssrc=/i);
  });

  it('labels every cell with its column and keeps dates whole, for narrow screens', () => {
    const received = htmlSection(html, 'Mottagna ändringsbegäranden');
    expect(received).toContain(
      '<td data-label="Mottagen"><span class="nowrap">2024-10-11 klockan 14:05</span></td>',
    );
    expect(html).toContain('td[data-label]::before { content: attr(data-label);');
    expect(html).toContain('.nowrap { white-space: nowrap; }');
  });

  it('a section with more rows than it shows says how many there are and where the whole list is', () => {
    const input = seedWeeklyInput();
    const capped: WeeklyReportInput = {
      ...input,
      totals: { received: 12_345, decided: input.decided.length },
      openByState: [
        { state: 'dialogue', stateLabel: 'Dialog', count: 4_321, list: '/#/?state=dialogue&sort=updated&order=asc' },
      ],
      open: input.open.map((row) => ({ ...row, state: 'dialogue', stateLabel: 'Dialog' })),
    };
    const md = renderWeeklyReport(capped, 'md');
    const received = mdSection(md, 'Mottagna ändringsbegäranden');
    expect(received).toContain(`Visar de ${input.received.length} första av 12\u00a0345. Hela listan i Ändringsbegäran: `);
    expect(received).toContain('?sort=received\\&order=desc');
    // A section that shows all its rows says nothing more.
    expect(mdSection(md, 'Beslutade')).not.toContain('Visar de');
    const open = mdSection(md, 'Öppna ärenden');
    expect(open).toContain('4\u00a0321 öppna ärenden: Dialog 4\u00a0321.');
    expect(open).toContain('### Dialog (4\u00a0321)');
    expect(open).toContain(`De ${input.open.length} som väntat längst av 4\u00a0321. Alla: `);
    expect(open).toContain('?state=dialogue\\&sort=updated\\&order=asc');
    const html = renderWeeklyReport(capped, 'html');
    expect(htmlSection(html, 'Öppna ärenden')).toContain('Dialog (4\u00a0321)');
  });

  it('says "fler än" for a count that stopped at its bound: per state, in the total and for the overdue deadlines', () => {
    const input = seedWeeklyInput();
    const overdueRow = { ...input.open[0], deadline: 'Svar från VGR', dueAt: '2024-10-01' };
    const bounded: WeeklyReportInput = {
      ...input,
      openByState: [
        { state: 'submitted', stateLabel: 'Inlämnad', count: 7, list: '/#/?state=submitted&sort=updated&order=asc' },
        { state: 'dialogue', stateLabel: 'Dialog', count: 10_000, exact: false, list: '/#/?state=dialogue&sort=updated&order=asc' },
      ],
      open: input.open.map((row) => ({ ...row, state: 'dialogue', stateLabel: 'Dialog' })),
      overdue: [overdueRow],
      totals: { overdue: 10_000 },
      totalsAtLeast: { overdue: true },
    };
    const md = renderWeeklyReport(bounded, 'md');
    const open = mdSection(md, 'Öppna ärenden');
    expect(open).toContain('Fler än 10\u00a0007 öppna ärenden: Inlämnad 7, Dialog fler än 10\u00a0000.');
    expect(open).toContain('### Dialog (fler än 10\u00a0000)');
    expect(open).toContain(`De ${input.open.length} som väntat längst av fler än 10\u00a0000. Alla: `);
    expect(mdSection(md, 'Försenade ärenden')).toContain('Visar de 1 första av fler än 10\u00a0000. Hela listan i Ändringsbegäran: ');
    // Exact counts read as before.
    expect(open).toContain('### Inlämnad (7)');
    expect(htmlSection(renderWeeklyReport(bounded, 'html'), 'Öppna ärenden')).toContain('Dialog (fler än 10\u00a0000)');
  });

  it('says "Inga …" instead of an empty table', () => {
    const empty: WeeklyReportInput = {
      ...seedWeeklyInput(),
      received: [],
      decided: [],
      communicated: [],
      open: [],
      actionsDue: [],
      audit: { head: '', entries: 0 },
    };
    for (const format of ['md', 'html'] as const) {
      const out = renderWeeklyReport(empty, format);
      expect(out).toContain('Inga ändringsbegäranden togs emot under veckan.');
      expect(out).toContain('Inga ändringsbegäranden beslutades under veckan.');
      expect(out).toContain('Inga ändringsbegäranden kommunicerades under veckan.');
      expect(out).toContain('Inga öppna ärenden.');
      expect(out).toContain('Inga kommunikativa åtgärder att genomföra.');
      expect(out).toContain('Antal poster: 0');
      expect(out).toContain('Senaste hash: saknas (historiken är tom)');
      expect(out).not.toMatch(/<table|\| --- \|/);
    }
  });

  it('shows missing values explicitly', () => {
    const input = seedWeeklyInput();
    const out = renderWeeklyReport(
      {
        ...input,
        open: [
          {
            ...input.open[0],
            reference: null,
            daysInState: undefined,
            requestingOrganisationNames: [],
          },
        ],
        actionsDue: [{ ...input.actionsDue[0], plannedAt: null, audience: 'internal' }],
      },
      'md',
    );
    expect(mdTable(mdSection(out, 'Öppna ärenden'))[2]).toEqual([
      'ej tilldelat',
      'Sjuhärads kommunalförbund begär senare anslutning till Millennium',
      'ej angivna',
      'Dialog',
      '–',
    ]);
    expect(mdTable(mdSection(out, 'Kommunikativa åtgärder att genomföra'))[2].slice(2)).toEqual([
      'Internt',
      'Pressmeddelande',
      'ej daterad',
    ]);
  });

  describe('with hostile and Swedish text', () => {
    const hostile = '<script>alert(1)</script> a | b\nny rad & åäö ÅÄÖ';
    const input = seedWeeklyInput();
    const dirty: WeeklyReportInput = {
      ...input,
      received: [
        { ...input.received[0], title: hostile, requestingOrganisationNames: ['A | B', 'Å'] },
      ],
      decided: [{ ...input.decided[0], title: '`kod` | *x*' }],
      communicated: [{ ...input.communicated[0], stateLabel: '| | |' }],
      open: [{ ...input.open[0], title: 'slut med \\' }],
      actionsDue: [{ ...input.actionsDue[0], channel: hostile }],
    };

    it('keeps every Markdown table row at its column count', () => {
      const out = renderWeeklyReport(dirty, 'md');
      for (const title of TABLES) {
        const rows = mdTable(mdSection(out, title));
        expect(rows.length).toBe(3);
        for (const row of rows) {
          expect(row).toHaveLength(rows[0].length);
        }
      }
      expect(out).toContain('\\<script\\>alert(1)\\</script\\> a \\| b<br>ny rad \\& åäö ÅÄÖ');
      expect(out).toContain('A \\| B, Å');
      expect(out).not.toMatch(/(?<!\\)<script/);
    });

    it('escapes everything in HTML', () => {
      const out = renderWeeklyReport(dirty, 'html');
      expect(out).not.toMatch(/<script/i);
      expect(out).toContain(
        '<td data-label="Ärende">&lt;script&gt;alert(1)&lt;/script&gt; a | b<br>ny rad &amp; åäö ÅÄÖ</td>',
      );
    });
  });
});
