import { h } from '../dom.js';
import { getJson, describeError } from '../api.js';
import { formatLongDate, timeEl } from '../format.js';
import { loadOrganisations } from '../reference-data.js';
import { dataTable } from '../table.js';
import { TERMS } from '../terms.js';

const AREA_LABELS = { sodra: 'Södra området', norra: 'Norra området', ostra: 'Östra området', vastra: 'Västra området' };

function areaLabel(area) {
  return AREA_LABELS[area] || (area ? String(area) : 'Inget område');
}

/** The decision that set an organisation's go-live, as a link to its request. */
function decisionLink(decision) {
  if (!decision) return null;
  return h('a', { href: `#/arende/${encodeURIComponent(decision.changeRequestId)}` }, decision.reference || 'ärendet');
}

/**
 * An organisation's planned go-live: its date, or — postponed by a decision without a new date —
 * "Senare – datum ej fastställt" naming that decision, until a later decision dates it (SPEC §3).
 */
function goLiveCell(o) {
  if (o.postponed) {
    return h('span', { class: 'go-live-postponed' }, TERMS.goLive.later, o.decision ? [` (${TERMS.goLive.postponedBy} `, decisionLink(o.decision), ')'] : null);
  }
  return o.plannedGoLive ? timeEl(o.plannedGoLive, { dateOnly: true }) : TERMS.goLive.notSet;
}

/**
 * Areas as { area, name, kommunalforbund: [{ id, name, plannedGoLive, members }], otherOrganisations }
 * from the rollout plan, or derived from the organisations when the plan lacks them.
 */
function areasOf(plan, orgs) {
  if (Array.isArray(plan?.areas) && plan.areas.length) return plan.areas;
  const byArea = new Map();
  for (const o of orgs.filter((x) => x.area)) {
    if (!byArea.has(o.area)) byArea.set(o.area, []);
    byArea.get(o.area).push(o);
  }
  return [...byArea.entries()].map(([area, list]) => ({
    area,
    name: areaLabel(area),
    kommunalforbund: list
      .filter((o) => o.kind === 'kommunalforbund')
      .map((f) => ({ ...f, members: orgs.filter((m) => m.parentId === f.id) })),
    otherOrganisations: list.filter((o) => o.kind !== 'kommunalforbund' && !o.parentId),
  }));
}

export async function rolloutPage(ctx) {
  ctx.setTitle('Utrullningsplan');
  const orgs = await loadOrganisations();
  let plan = null;
  let planError = null;
  try {
    plan = await getJson('/api/rollout-plan');
  } catch (err) {
    planError = err;
  }
  const content = [
    h('h1', {}, 'Utrullningsplan'),
    h(
      'p',
      { class: 'lead' },
      'Millennium införs i etapper, område för område. Planerade datum för driftstart ändras när programstyrgruppen bifaller en ändringsbegäran om tidplan.',
    ),
  ];
  if (planError) {
    content.push(h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, `Utrullningsplanen kunde inte hämtas. ${describeError(planError)}`)));
  }

  const postponed = Array.isArray(plan?.postponed) ? plan.postponed : [];
  if (postponed.length) {
    // Grouped by the decision that postponed them: "Sjuhärads åtta kommuner, ÄB-2024-0001".
    const byDecision = new Map();
    for (const o of postponed) {
      const key = o.decision?.changeRequestId ?? '';
      if (!byDecision.has(key)) byDecision.set(key, { decision: o.decision, organisations: [] });
      byDecision.get(key).organisations.push(o);
    }
    content.push(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'senarelagda', 'data-testid': 'postponed' },
        h('h2', { id: 'senarelagda' }, TERMS.goLive.later),
        h('p', {}, 'Organisationer som programstyrgruppen har beslutat ska ansluta senare, utan att datum är fastställt. De ingår inte i någon etapp förrän ett nytt beslut anger datum.'),
        h(
          'ul',
          {},
          [...byDecision.values()].map(({ decision, organisations }) =>
            h(
              'li',
              {},
              decision ? [h('strong', {}, 'Beslut i '), decisionLink(decision), ': '] : null,
              `${organisations.length} ${organisations.length === 1 ? 'organisation' : 'organisationer'}: ${organisations.map((o) => o.name).join(', ')}.`,
            ),
          ),
        ),
      ),
    );
  }

  const stages = Array.isArray(plan?.stages) ? plan.stages : Array.isArray(plan) ? plan : [];
  if (stages.length) {
    content.push(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'etapper' },
        h('h2', { id: 'etapper' }, 'Etapper'),
        h(
          'ol',
          { class: 'stages' },
          stages.map((s, i) => {
            const members = (s.organisations || []).map((o) => (typeof o === 'string' ? o : o.name));
            return h(
              'li',
              { class: 'stage' },
              h('p', { class: 'stage-title' }, s.name || s.label || `Etapp ${i + 1}`, s.plannedGoLive ? ` – ${formatLongDate(s.plannedGoLive)}` : ''),
              s.description ? h('p', {}, s.description) : null,
              h('p', { class: 'muted' }, members.length ? `${members.length} organisationer: ${members.join(', ')}.` : 'Inga organisationer planerade i etappen just nu.'),
            );
          }),
        ),
      ),
    );
  }

  for (const area of areasOf(plan, orgs)) {
    const headingId = `omrade-${String(area.area || 'ovrigt').replace(/[^a-z0-9-]/gi, '')}`;
    const section = h('section', { class: 'panel', 'aria-labelledby': headingId }, h('h2', { id: headingId }, area.name || areaLabel(area.area)));
    for (const f of area.kommunalforbund || []) {
      section.append(
        h('h3', {}, f.name),
        h('p', {}, 'Förbundets planerade driftstart: ', goLiveCell(f)),
        dataTable({
          caption: `Kommuner i ${f.name} och deras planerade driftstart`,
          captionHidden: true,
          columns: [
            { label: 'Kommun', cell: (o) => o.name },
            { label: 'Planerad driftstart', cell: (o) => goLiveCell(o) },
          ],
          rows: f.members || [],
        }),
      );
    }
    const others = area.otherOrganisations || [];
    if (others.length) {
      section.append(
        h('h3', {}, 'Övriga organisationer i området'),
        dataTable({
          caption: `Övriga organisationer i ${String(area.name || areaLabel(area.area)).toLowerCase()}`,
          captionHidden: true,
          columns: [
            { label: 'Organisation', cell: (o) => o.name },
            { label: 'Planerad driftstart', cell: (o) => goLiveCell(o) },
          ],
          rows: others,
        }),
      );
    }
    content.push(section);
  }

  const unscheduled = Array.isArray(plan?.unscheduled) ? plan.unscheduled : [];
  if (unscheduled.length) {
    content.push(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'ej-datumsatta' },
        h('h2', { id: 'ej-datumsatta' }, 'Utan fastställt datum'),
        h('p', {}, 'Organisationer som ska ansluta senare men ännu inte har ett datum.'),
        h('ul', {}, unscheduled.map((o) => h('li', {}, o.name))),
      ),
    );
  }
  return content;
}
