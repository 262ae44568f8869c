import { createHash } from 'node:crypto';
import type { Decision } from '../change-requests/change-request.types';
import { outcomeLabel } from '../reports/renderers/labels';
import {
  listOrEmpty,
  paragraphs,
  renderDocument,
  strong,
  text,
  type Block,
  type ReportDocument,
  type ReportFormat,
} from '../reports/renderers/report-document';
import { formatDate, formatDateTime } from '../reports/renderers/stockholm-time';
import type { MeetingContext, RosterMember } from '../meeting-store/meeting.types';
import { itemQuorum } from '../meeting-store/quorum';

/** An agenda item's change request as the protocol shows it. */
export interface ProtocolItem {
  changeRequestId: string;
  reference: string | null;
  title: string;
  /** The decision, when it was taken at this meeting. */
  decision: Decision | null;
}

export interface Protocol {
  md: string;
  html: string;
  /** sha256 of the Markdown: what the chair and the justerare sign. */
  sha256: string;
}

const memberLine = (m: RosterMember, chairLabel = true) =>
  `${m.name} (${m.organisationName})${chairLabel && m.chair ? ', ordförande' : ''}${m.kind === 'substitute' ? ', ersättare' : ''}`;

/**
 * Programstyrgruppen's protokoll (SPEC §10): attendance, then one § per agenda item — who took
 * part, jäv, the decision, the votes, reservations — and who adjusts it. It holds nothing that
 * signing changes (no signatures, no times of closing), so the sha256 the signatories sign stays
 * the same until the content does; a reservation entered after closing changes it.
 */
export function renderProtocol(meeting: MeetingContext, items: ProtocolItem[]): Protocol {
  const present = new Set(meeting.present);
  const ordinary = meeting.roster.filter((m) => m.kind === 'ordinary');
  const substitutes = meeting.roster.filter((m) => m.kind === 'substitute');
  const chair = meeting.roster.find((m) => m.chair);
  const justerare = meeting.roster.find((m) => m.id === meeting.justerare);
  const body: Block[] = [
    {
      kind: 'section',
      id: 'narvaro',
      title: 'Närvarande',
      children: [
        { kind: 'paragraph', content: [strong('Ledamöter')] },
        listOrEmpty(ordinary.filter((m) => present.has(m.id)).map((m) => [text(memberLine(m))]), 'Inga ledamöter närvarande.'),
        { kind: 'paragraph', content: [strong('Ersättare')] },
        listOrEmpty(substitutes.filter((m) => present.has(m.id)).map((m) => [text(memberLine(m))]), 'Inga ersättare närvarande.'),
        { kind: 'paragraph', content: [strong('Frånvarande')] },
        listOrEmpty(meeting.roster.filter((m) => !present.has(m.id)).map((m) => [text(memberLine(m))]), 'Ingen frånvarande.'),
        { kind: 'paragraph', content: [text(`Justerare: ${justerare ? justerare.name : 'ej utsedd'}`)] },
      ],
    },
  ];
  meeting.agenda.forEach((agendaItem, i) => {
    const item = items.find((x) => x.changeRequestId === agendaItem.changeRequestId);
    const decision = item?.decision ?? null;
    const taken = decision?.meeting;
    const q = itemQuorum(meeting, agendaItem.changeRequestId);
    const participants = taken?.participants.map((p) => p.name) ?? q.participants.map((p) => p.name);
    const children: Block[] = [
      {
        kind: 'paragraph',
        content: [
          text(
            `Deltar i beslutet: ${participants.join(', ') || 'ingen'} (${participants.length} av ${taken?.ordinaryMembers ?? q.ordinaryMembers}; ` +
              `minst ${taken?.required ?? q.required} krävs för beslutförhet).`,
          ),
        ],
      },
      { kind: 'paragraph', content: [strong('Jäv')] },
      listOrEmpty(agendaItem.recusals.map((r) => [text(`${r.name} anmälde jäv och deltog inte: ${r.reason}`)]), 'Ingen anmälde jäv.'),
      { kind: 'paragraph', content: [strong('Beslut')] },
    ];
    if (decision && taken) {
      children.push({ kind: 'paragraph', content: [text(`Programstyrgruppen beslutar: ${outcomeLabel(decision.outcome)}.`)] });
      children.push(...paragraphs(decision.rationale));
      if (decision.conditions) children.push({ kind: 'paragraph', content: [text(`Villkor: ${decision.conditions}`)] });
      if (decision.plannedGoLive) children.push({ kind: 'paragraph', content: [text(`Ny planerad driftstart: ${formatDate(decision.plannedGoLive)}`)] });
      const v = taken.votes;
      children.push({
        kind: 'paragraph',
        content: [text(v ? `Omröstning: ${v.for} för, ${v.against} emot, ${v.abstain} avstår.` : 'Beslutet fattades utan omröstning.')],
      });
    } else {
      children.push({ kind: 'paragraph', content: [text(meeting.closedAt ? 'Ärendet bordlades; inget beslut fattades.' : 'Inget beslut ännu.')] });
    }
    children.push({ kind: 'paragraph', content: [strong('Reservationer')] });
    children.push(listOrEmpty(agendaItem.reservations.map((r) => [text(`${r.name} reserverade sig: ${r.text}`)]), 'Inga reservationer.'));
    body.push({ kind: 'section', id: `p${i + 1}`, title: `§ ${i + 1} ${agendaItem.reference ?? ''} ${agendaItem.title}`.replace(/\s+/g, ' '), children });
  });
  body.push({
    kind: 'section',
    id: 'justering',
    title: 'Justeras',
    children: [
      listOrEmpty(
        [chair ? [text(`${chair.name}, ordförande`)] : [], justerare ? [text(`${justerare.name}, justerare`)] : []].filter((x) => x.length > 0),
        'Ingen utsedd.',
      ),
    ],
  });
  const doc: ReportDocument = {
    title: `Protokoll ${meeting.reference}`,
    heading: `Protokoll – ${meeting.title}`,
    header: [
      { kind: 'paragraph', content: [text(`Programstyrgruppen Millennium, sammanträde ${meeting.reference}`)] },
      { kind: 'paragraph', content: [text(`Tid: ${formatDateTime(meeting.startsAt)}${meeting.place ? `. Plats: ${meeting.place}` : ''}`)] },
    ],
    body,
  };
  const md = render(doc, 'md');
  return { md, html: render(doc, 'html'), sha256: createHash('sha256').update(md).digest('hex') };
}

function render(doc: ReportDocument, format: ReportFormat): string {
  return renderDocument(doc, format);
}
