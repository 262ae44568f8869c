/** The weekly Regional rapport Millennium over one ISO week's events. */
import type { WeeklyActionRow, WeeklyReportInput, WeeklyRow } from '../report.types';
import { audienceLabel, FIELD_LABELS as F, outcomeLabel, REPORT_SERIES, WEEKLY_REPORT_TERMS as W } from './labels';
import {
  Block,
  Inline,
  ReportDocument,
  ReportFormat,
  TableColumn,
  code,
  paragraph,
  renderDocument,
  section,
  tableOrEmpty,
  text,
} from './report-document';
import { formatDate, formatDateTime } from './stockholm-time';

const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

export function renderWeeklyReport(input: WeeklyReportInput, format: ReportFormat): string {
  return renderDocument(buildWeeklyReport(input), format);
}

/** "vecka 41, 2024"; an unparsable week string is shown as given. */
function weekLabel(week: string): string {
  const match = WEEK_PATTERN.exec(week);
  return match ? `vecka ${Number(match[2])}, ${match[1]}` : `vecka ${week}`;
}

/** The period's last day: the exclusive end minus one millisecond, read in Stockholm time. */
function lastDay(to: string): string {
  const end = Date.parse(to);
  return Number.isNaN(end) ? to : formatDate(new Date(end - 1));
}

/** "Regional rapport Millennium — vecka 41, 2024": the report's title (and a mailed report's subject). */
export function weeklyReportTitle(week: string): string {
  return `${REPORT_SERIES} — ${weekLabel(week)}`;
}

export function buildWeeklyReport(input: WeeklyReportInput): ReportDocument {
  const heading = weeklyReportTitle(input.week);
  return {
    title: heading,
    heading,
    header: [
      paragraph(
        [text(`Period: måndag ${formatDate(input.from)} – söndag ${lastDay(input.to)}`)],
        'meta',
      ),
      paragraph([text(`Sammanställd: ${formatDateTime(input.compiledAt)}`)], 'meta'),
    ],
    body: [
      section('mottagna', W.received, [
        tableOrEmpty(
          columns(F.receivedAt, F.state),
          input.received.map((row) => [
            ...requestCells(row),
            cell(when(row.at)),
            cell(row.stateLabel || row.state),
          ]),
          W.noneReceived,
        ),
        ...more(input.received.length, input.totals?.received, '/#/?sort=received&order=desc'),
      ]),
      section('beslutade', W.decided, [
        tableOrEmpty(
          columns('Beslutad', F.decision, 'Sammanträde', F.state),
          input.decided.map((row) => [
            ...requestCells(row),
            cell(when(row.at)),
            cell(row.outcome ? outcomeLabel(row.outcome) : 'ej angivet'),
            cell(meetingText(row.meeting)),
            cell(row.stateLabel || row.state),
          ]),
          'Inga ändringsbegäranden beslutades under veckan.',
        ),
        ...more(input.decided.length, input.totals?.decided, '/#/?sort=updated&order=desc'),
      ]),
      section('kommunicerade', W.communicated, [
        tableOrEmpty(
          columns('Kommunicerad', F.state),
          input.communicated.map((row) => [
            ...requestCells(row),
            cell(when(row.at)),
            cell(row.stateLabel || row.state),
          ]),
          'Inga ändringsbegäranden kommunicerades under veckan.',
        ),
        ...more(input.communicated.length, input.totals?.communicated, '/#/?sort=updated&order=desc'),
      ]),
      section('oppna', W.open, openBlocks(input)),
      ...(input.overdue
        ? [
            section('forsenade', W.overdue, [
              tableOrEmpty(
                columns('Frist', 'Sista dag', F.state),
                input.overdue.map((row) => [...requestCells(row), cell(row.deadline), cell(row.dueAt), cell(row.stateLabel || row.state)]),
                'Inga ärenden var försenade vid veckans slut.',
              ),
              ...more(input.overdue.length, input.totals?.overdue, '/#/?overdue=true', !input.totalsAtLeast?.overdue),
            ]),
          ]
        : []),
      section('atgarder', W.actionsDue, [
        tableOrEmpty(
          [
            { title: F.reference },
            { title: 'Ärende' },
            { title: 'Målgrupp' },
            { title: 'Kanal' },
            { title: 'Planerad' },
          ],
          input.actionsDue.map(actionCells),
          'Inga kommunikativa åtgärder att genomföra.',
        ),
        ...more(input.actionsDue.length, input.totals?.actionsDue, '/#/?state=decided'),
      ]),
      section('kontrollsumma', W.auditAnchor, auditBlocks(input.audit)),
    ],
  };
}

const cell = (value: string): Inline[] => [text(value)];

const count = (n: number): string => n.toLocaleString('sv-SE');

/** A count, or "fler än" the bound it was counted to. */
const counted = (n: number, exact = true): string => (exact ? count(n) : `fler än ${count(n)}`);

/** When a section shows only the first of more rows: how many there are and where they all are. */
function more(shown: number, total: number | undefined, list: string, exact = true): Block[] {
  if (total === undefined || (exact && total <= shown)) return [];
  return [paragraph([text(`Visar de ${count(shown)} första av ${counted(total, exact)}. Hela listan i Ändringsbegäran: `), code(list)], 'meta')];
}

function openTable(rows: WeeklyRow[]): Block {
  return tableOrEmpty(
    [...columns(F.state), { title: F.daysInState, numeric: true }],
    rows.map((row) => [
      ...requestCells(row),
      cell(row.stateLabel || row.state),
      cell(row.daysInState === undefined ? '–' : String(row.daysInState)),
    ]),
    'Inga öppna ärenden.',
  );
}

/** Open requests, grouped by state when the counts per state are known: each state's longest-waiting few. */
function openBlocks(input: WeeklyReportInput): Block[] {
  const groups = input.openByState;
  if (!groups) return [openTable(input.open)];
  if (groups.length === 0) return [paragraph([text('Inga öppna ärenden.')], 'empty')];
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  const allExact = groups.every((g) => g.exact !== false);
  const totalText = allExact ? count(total) : `Fler än ${count(total)}`;
  return [
    paragraph([text(`${totalText} öppna ärenden: ${groups.map((g) => `${g.stateLabel || g.state} ${counted(g.count, g.exact)}`).join(', ')}.`)]),
    ...groups.map((group) => {
      const rows = input.open.filter((row) => row.state === group.state);
      const note =
        group.count > rows.length || group.exact === false
          ? [paragraph([text(`De ${count(rows.length)} som väntat längst av ${counted(group.count, group.exact)}. Alla: `), code(group.list)], 'meta')]
          : [];
      return section(`oppna-${group.state}`, `${group.stateLabel || group.state} (${counted(group.count, group.exact)})`, [openTable(rows), ...note]);
    }),
  ];
}

const when = (at: string | null): string => (at ? formatDateTime(at) : '–');

const reference = (value: string | null): string => value ?? 'ej tilldelat';

/** "PSG 2024-10-11, 3 av 5, justerat 2024-10-14" (or "ej justerat"); decisions from before meetings were recorded: "ej registrerat". */
function meetingText(meeting: WeeklyRow['meeting']): string {
  if (!meeting) return 'ej registrerat';
  const adjusted = meeting.justeratAt ? `justerat ${formatDate(meeting.justeratAt)}` : 'ej justerat';
  return `${meeting.reference}, ${meeting.participants} av ${meeting.ordinaryMembers}, ${adjusted}`;
}

function columns(...extra: string[]): TableColumn[] {
  return [
    { title: F.reference },
    { title: 'Ärende' },
    { title: 'Organisationer' },
    ...extra.map((title) => ({ title })),
  ];
}

function requestCells(row: WeeklyRow): Inline[][] {
  return [
    cell(reference(row.reference)),
    cell(row.title),
    cell(
      row.requestingOrganisationNames.length > 0
        ? row.requestingOrganisationNames.join(', ')
        : 'ej angivna',
    ),
  ];
}

function actionCells(row: WeeklyActionRow): Inline[][] {
  return [
    cell(reference(row.reference)),
    cell(row.title),
    cell(audienceLabel(row.audience)),
    cell(row.channel || 'ej angiven kanal'),
    cell(row.plannedAt ? formatDate(row.plannedAt) : 'ej daterad'),
  ];
}

function auditBlocks(audit: WeeklyReportInput['audit']): Block[] {
  return [
    paragraph([text(`Antal poster: ${audit.entries}`)]),
    paragraph([
      text('Senaste hash: '),
      audit.head ? code(audit.head) : text('saknas (historiken är tom)'),
    ]),
    paragraph([
      text(
        'Spara en kopia av dessa uppgifter utanför systemet: om beslutshistoriken i efterhand skrivs om stämmer den inte längre med kopian.',
      ),
    ]),
  ];
}
