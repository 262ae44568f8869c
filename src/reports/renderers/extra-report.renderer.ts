/** The extrainsatt rapport for one ändringsbegäran, in the structure of seed 002. */
import type { ActorRef, CommunicationAction, Decision } from '../../change-requests/change-request.types';
import type { ExtraReportData, ExtraReportInput } from '../report.types';
import { stockholmDate } from '../../calendar';
import { TERMS } from '../../common/terms';
import { normaliseText } from './escape';
import {
  FIELD_LABELS as F,
  joinSwedish,
  outcomeLabel,
  REPORT_SERIES,
  roleLabel,
  typeLabel,
} from './labels';
import {
  Block,
  FactRow,
  Inline,
  ReportDocument,
  ReportFormat,
  link,
  listOrEmpty,
  paragraph,
  paragraphs,
  renderDocument,
  section,
  text,
} from './report-document';
import { formatDate, formatDateTime, formatShort } from './stockholm-time';

export interface ExtraReportOptions {
  /** Display names by organisation id, used for the people named in the report. */
  organisationNames?: Readonly<Record<string, string>>;
}

const ABOUT_TEXT = [
  `${REPORT_SERIES} sammanställs en gång i veckan, primärt på torsdagar, av Koncernstab kommunikation, Koncernkontoret, på uppdrag av Regional särskild organisation Millennium 2024.`,
  'Rapporten tas fram i syfte att ge en regionövergripande intern information om förutsättningar, händelser och beslut. Det är en sammanfattande lägesbild som är aktuell när den skickas. Rapporten skickas till politisk ledning, chefer och publiceras på intranätet.',
  'Vid behov sammanställs regionala rapporter utöver ordinarie utskick, som denna extrainsatta rapport.',
];

export function renderExtraReport(
  input: ExtraReportInput,
  format: ReportFormat,
  options: ExtraReportOptions = {},
): string {
  return renderDocument(buildExtraReport(input, options), format);
}

export function buildExtraReport(
  input: ExtraReportInput,
  options: ExtraReportOptions = {},
): ReportDocument {
  const data = input.data;
  const actor = (by: ActorRef): string => describeActor(by, options.organisationNames);
  const organisations =
    input.requestingOrganisationNames.length > 0
      ? joinSwedish(input.requestingOrganisationNames)
      : 'ej angiven organisation';
  const via = input.submittedViaName ? `, via ${input.submittedViaName}` : '';

  return {
    title: `Extrainsatt rapport – ${data.reference ?? data.title}`,
    heading: `Extrainsatt rapport med anledning av en ändringsbegäran från ${organisations}${via}`,
    header: [
      // Seed 002: "Regional rapport Millennium 2024", the year of the report.
      paragraph([text(`${REPORT_SERIES} ${formatDate(input.compiledAt).slice(0, 4)}`)], 'subtitle'),
      paragraph([text(`Sammanställd: ${formatDateTime(input.compiledAt)}`)], 'meta'),
    ],
    body: [
      { kind: 'facts', rows: facts(input) },
      section('beskrivning', F.description, description(data)),
      section('omstandigheter', 'Kända omständigheter', circumstances(data, actor)),
      section('beslut', F.decision, decision(data, actor)),
      section('atgarder', F.communicationActions, communication(data)),
      section('kommentar', F.organisationComment, [organisationComment(data.organisationComment)]),
      section('talespersoner', F.spokespersons, [
        listOrEmpty(
          data.spokespersons.map((person) => [
            text(person.title ? `${person.name}, ${person.title}` : person.name),
          ]),
          'Inga talespersoner angivna.',
        ),
      ]),
      section(
        'om-rapporten',
        `Om ${REPORT_SERIES}`,
        ABOUT_TEXT.map((line) => paragraph([text(line)])),
      ),
    ],
  };
}

function describeActor(by: ActorRef, organisationNames?: Readonly<Record<string, string>>): string {
  const organisation = organisationNames?.[by.organisationId] ?? by.organisationId;
  const role = roleLabel(by.role);
  if (!organisation || organisation.toLowerCase() === role.toLowerCase()) {
    return `${by.name} (${role})`;
  }
  return `${by.name} (${organisation}, ${role})`;
}

function facts(input: ExtraReportInput): FactRow[] {
  const data = input.data;
  const value = (v: string): Inline[] => [text(v)];
  const goLive =
    data.requestedGoLive !== null
      ? formatDate(data.requestedGoLive)
      : data.type === 'schedule'
        ? TERMS.goLive.later
        : 'ej angiven';
  const rows: FactRow[] = [
    { label: 'Ärende', value: value(data.title || 'Namnlöst ärende') },
    {
      label: F.reference,
      value: value(data.reference ?? 'ej tilldelat (ändringsbegäran är inte inlämnad)'),
    },
    { label: F.state, value: value(input.stateLabel || input.state) },
    { label: F.type, value: value(typeLabel(data.type)) },
    {
      label: F.requestingOrganisations,
      value: value(
        input.requestingOrganisationNames.length > 0
          ? joinSwedish(input.requestingOrganisationNames)
          : 'ej angivna',
      ),
    },
    { label: F.requestedGoLive, value: value(goLive) },
    { label: F.submittedVia, value: value(input.submittedViaName ?? 'ej inlämnad') },
    {
      label: F.receivedAt,
      value: value(data.receivedAt ? formatDateTime(data.receivedAt) : 'ej mottagen'),
    },
  ];
  return rows;
}

function description(data: ExtraReportData): Block[] {
  const body = paragraphs(data.description);
  const justification = paragraphs(data.justification);
  return [
    ...(body.length > 0 ? body : [paragraph([text('Ingen beskrivning angiven.')], 'empty')]),
    section(
      'motivering',
      F.justification,
      justification.length > 0
        ? justification
        : [paragraph([text('Ingen motivering angiven.')], 'empty')],
    ),
  ];
}

/**
 * "Kända omständigheter": the situation as communications or VGR wrote it for the report's
 * readers (WRITE_REPORT_NARRATIVE), and the impact assessment. The dialogue — the case log with
 * its times, names and internal notes — stays on the request's page and out of this report.
 */
function circumstances(data: ExtraReportData, actor: (by: ActorRef) => string): Block[] {
  const narrative = data.reportNarrative
    ? [...paragraphs(data.reportNarrative.text), paragraph([text(`Skriven av ${actor(data.reportNarrative.by)}, ${formatDate(data.reportNarrative.at)}.`)], 'meta')]
    : [paragraph([text('Lägesbilden för rapporten är inte skriven ännu. Kommunikation eller VGR skriver den på ärendets sida.')], 'empty')];
  const impact = data.impactAssessment
    ? [
        ...paragraphs(data.impactAssessment.text),
        paragraph(
          [
            text(
              `Registrerad ${formatDateTime(data.impactAssessment.at)} av ${actor(data.impactAssessment.by)}.`,
            ),
          ],
          'meta',
        ),
      ]
    : [paragraph([text('Ingen konsekvensbedömning registrerad ännu.')], 'empty')];
  return [...narrative, section('konsekvensbedomning', F.impactAssessment, impact)];
}

function decision(data: ExtraReportData, actor: (by: ActorRef) => string): Block[] {
  const blocks: Block[] = data.decision
    ? [{ kind: 'facts', rows: decisionFacts(data.decision, actor) }]
    : [
        paragraph(
          [
            text(
              data.withdrawal
                ? 'Inget beslut fattades innan ärendet återkallades.'
                : 'Inget beslut ännu.',
            ),
          ],
          'empty',
        ),
      ];
  if (data.withdrawal) {
    blocks.push(
      section('aterkallelse', 'Återkallelse', [
        {
          kind: 'facts',
          rows: [
            { label: 'Återkallad', value: [text(formatDateTime(data.withdrawal.at))] },
            { label: 'Återkallad av', value: [text(actor(data.withdrawal.by))] },
            { label: 'Skäl', value: [text(data.withdrawal.reason || 'ej angivet')] },
          ],
        },
      ]),
    );
  }
  return blocks;
}

function decisionFacts(d: Decision, actor: (by: ActorRef) => string): FactRow[] {
  const rows: FactRow[] = [
    { label: F.decision, value: [text(outcomeLabel(d.outcome))] },
    { label: F.rationale, value: [text(d.rationale || 'ej angiven')] },
    { label: F.meetingReference, value: [text(d.meetingReference || 'ej angiven')] },
  ];
  if (d.conditions || d.outcome === 'approved_with_conditions') {
    rows.push({ label: F.conditions, value: [text(d.conditions || 'inga villkor angivna')] });
  }
  if (d.plannedGoLive) {
    rows.push({ label: 'Ny planerad driftstart', value: [text(formatDate(d.plannedGoLive))] });
  }
  rows.push(
    { label: F.decidedAt, value: [text(formatDate(d.decidedOn ?? stockholmDate(new Date(d.at))))] },
    { label: F.decisionRegisteredAt, value: [text(formatDateTime(d.at))] },
    { label: F.decidedBy, value: [text(actor(d.by))] },
  );
  const m = d.meeting;
  if (m) {
    rows.push(
      { label: 'Sammanträde', value: [text(m.reference)] },
      {
        label: 'Beslutförhet',
        value: [text(`${m.participants.length} av ${m.ordinaryMembers} deltog (minst ${m.required} krävs): ${m.participants.map((p) => p.name).join(', ')}`)],
      },
      { label: 'Jäv', value: [text(m.recused.length ? m.recused.map((r) => `${r.name} (${r.reason})`).join('; ') : 'Ingen anmälde jäv')] },
      { label: 'Omröstning', value: [text(m.votes ? `${m.votes.for} för, ${m.votes.against} emot, ${m.votes.abstain} avstår` : 'Beslutet fattades utan omröstning')] },
    );
    if (m.justeratAt !== undefined) rows.push({ label: 'Protokollet justerat', value: [text(m.justeratAt ? formatDateTime(m.justeratAt) : 'inte ännu')] });
  }
  return rows;
}

function actionItem(action: CommunicationAction): Inline[] {
  const channel = action.channel || 'ej angiven kanal';
  if (action.cancelled) {
    return [
      text(
        `Inställd ${formatShort(action.cancelled.at)} av ${action.cancelled.by.name}: ${channel}. Skäl: ${normaliseText(action.cancelled.reason)}`,
      ),
    ];
  }
  const item: Inline[] = action.doneAt
    ? [
        text(
          `Genomförd ${formatShort(action.doneAt)}${action.doneBy ? ` av ${action.doneBy.name}` : ''}: ${channel}`,
        ),
      ]
    : [
        text(
          action.plannedAt
            ? `Planerad ${formatShort(action.plannedAt)}: ${channel}`
            : `Planerad, ej daterad: ${channel}`,
        ),
      ];
  if (action.link) {
    item.push(text(' ('), ...link(action.link, 'länk'), text(')'));
  }
  return item;
}

function communication(data: ExtraReportData): Block[] {
  const forAudience = (audience: CommunicationAction['audience']): Inline[][] =>
    data.communicationActions.filter((action) => action.audience === audience).map(actionItem);
  const blocks: Block[] = [
    section('internt', 'Internt', [
      listOrEmpty(forAudience('internal'), 'Inga interna åtgärder planerade.'),
    ]),
    section('externt', 'Externt', [
      listOrEmpty(forAudience('external'), 'Inga externa åtgärder planerade.'),
    ]),
  ];
  if (data.communicatedAt) {
    blocks.push(
      paragraph(
        [text(`Kommunikationen slutfördes ${formatDateTime(data.communicatedAt)}.`)],
        'meta',
      ),
    );
  }
  return blocks;
}

/** Each non-empty line of the comment becomes one bullet; a bullet typed by the user is not doubled. */
function organisationComment(comment: string | null): Block {
  const lines = normaliseText(comment ?? '')
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/^(?:[-*•–]\s+)/, '')
        .trim(),
    )
    .filter((line) => line.length > 0);
  return listOrEmpty(
    lines.map((line) => [text(line)]),
    'Ingen kommentar registrerad.',
  );
}
