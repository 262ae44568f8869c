import { h } from '../dom.js';
import { getJson, describeError } from '../api.js';
import { formatLongDate, timeEl } from '../format.js';
import { loadOrganisations, organisationName } from '../reference-data.js';
import { dataTable } from '../table.js';

const AREA_LABELS = { sodra: 'Södra området', norra: 'Norra området', ostra: 'Östra området', vastra: 'Västra området' };

function areaLabel(area) {
  if (!area) return 'Inget område angivet';
  const key = String(area).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return AREA_LABELS[key] || `${String(area).charAt(0).toUpperCase()}${String(area).slice(1)}`;
}

function dateOf(x) {
  return x.plannedGoLive || x.goLive || x.date || x.startDate || null;
}

/** Tolerant reading of /api/rollout-plan: an array of stages or { stages: [...] }. */
function stagesOf(plan) {
  if (Array.isArray(plan)) return plan;
  if (Array.isArray(plan?.stages)) return plan.stages;
  if (Array.isArray(plan?.items)) return plan.items;
  return [];
}

function namesOf(list, orgs) {
  return (list || []).map((x) => (typeof x === 'string' ? organisationName(orgs, x) : x.name || x.label || x.id)).filter(Boolean);
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
      'Millennium införs i etapper, område för område. Planerade datum uppdateras när programstyrgruppen bifaller en ändringsbegäran om tidplan.',
    ),
  ];

  const stages = stagesOf(plan);
  if (planError) {
    content.push(h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, `Etapperna kunde inte hämtas. ${describeError(planError)}`)));
  } else if (stages.length) {
    content.push(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'etapper' },
        h('h2', { id: 'etapper' }, 'Etapper'),
        h(
          'ol',
          { class: 'stages' },
          stages.map((s, i) => {
            const areas = (s.areas || (s.area ? [s.area] : [])).map((a) => (typeof a === 'string' ? areaLabel(a) : a.label || areaLabel(a.name || a.id)));
            const members = namesOf(s.organisations || s.members, orgs);
            const d = dateOf(s);
            return h(
              'li',
              { class: 'stage' },
              h('p', { class: 'stage-title' }, s.label || s.name || s.title || `Etapp ${i + 1}`, d ? ' – ' : '', d ? formatLongDate(d) : ''),
              areas.length ? h('p', {}, `Områden: ${areas.join(', ')}`) : null,
              s.description ? h('p', {}, s.description) : null,
              members.length ? h('p', { class: 'muted' }, `Organisationer: ${members.join(', ')}`) : null,
            );
          }),
        ),
      ),
    );
  }

  // By area and kommunalförbund, from the organisations' own planned dates.
  const withArea = orgs.filter((o) => o.area || o.plannedGoLive);
  const areas = new Map();
  for (const o of withArea) {
    const key = o.area || '';
    if (!areas.has(key)) areas.set(key, []);
    areas.get(key).push(o);
  }
  const earliest = (list) => list.map(dateOf).filter(Boolean).sort()[0] || '9999';
  const sortedAreas = [...areas.entries()].sort((a, b) => earliest(a[1]).localeCompare(earliest(b[1])));
  const byId = new Map(orgs.map((o) => [o.id, o]));
  for (const [area, list] of sortedAreas) {
    const headingId = `omrade-${(area || 'ovrigt').replace(/[^a-z0-9-]/gi, '')}`;
    const rows = [...list].sort((a, b) => {
      const pa = a.parentId ? byId.get(a.parentId)?.name || '' : a.name;
      const pb = b.parentId ? byId.get(b.parentId)?.name || '' : b.name;
      return pa.localeCompare(pb, 'sv') || a.name.localeCompare(b.name, 'sv');
    });
    content.push(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': headingId },
        h('h2', { id: headingId }, areaLabel(area)),
        dataTable({
          caption: `Organisationer i ${areaLabel(area).toLowerCase()} och deras planerade driftstart`,
          captionHidden: true,
          columns: [
            { label: 'Organisation', cell: (o) => o.name },
            { label: 'Kommunalförbund', cell: (o) => (o.parentId ? byId.get(o.parentId)?.name || o.parentId : '–') },
            { label: 'Planerad driftstart', cell: (o) => (dateOf(o) ? timeEl(dateOf(o), { dateOnly: true }) : 'Inte fastställd') },
          ],
          rows,
        }),
      ),
    );
  }
  if (!withArea.length && !stages.length && !planError) {
    content.push(h('p', {}, 'Det finns ingen utrullningsplan ännu.'));
  }
  return content;
}
