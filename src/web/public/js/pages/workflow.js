import { h } from '../dom.js';
import { roleLabel } from '../format.js';
import { loadWorkflow } from '../reference-data.js';
import { dataTable } from '../table.js';

const GUARD_LABELS = {
  actsForRequester: 'Kommuner bara för egen organisation (eller förbundets kommuner)',
  notSubmitter: 'Inte den som lämnade in ändringsbegäran',
  hasImpactAssessment: 'Konsekvensbedömning registrerad',
  communicationActionOpen: 'Åtgärden är planerad och inte genomförd',
  allCommunicationDone: 'Alla planerade åtgärder genomförda',
};

/** Walks nested states: [{ path, label, def, depth }]. */
function flatten(states, prefix = [], labels = [], depth = 0, out = []) {
  for (const [name, def] of Object.entries(states || {})) {
    const path = [...prefix, name];
    const label = [...labels, def.label || name];
    out.push({ path: path.join('.'), name, label: label.join(' – '), ownLabel: def.label || name, def, depth });
    flatten(def.states, path, label, depth + 1, out);
  }
  return out;
}

function resolveTarget(all, from, target) {
  if (!target) return null;
  const clean = target.replace(/^#[^.]*\./, '').replace(/^\./, '');
  return (
    all.find((s) => s.path === clean) ||
    all.find((s) => s.path === [...from.path.split('.').slice(0, -1), clean].join('.')) ||
    all.find((s) => s.path.endsWith(`.${clean}`)) ||
    null
  );
}

function stateTree(states) {
  const ul = h('ul', { class: 'state-tree' });
  for (const [name, def] of Object.entries(states || {})) {
    const li = h('li', {}, h('span', { class: 'state-name' }, def.label || name), ' ', h('code', {}, name));
    if (def.type === 'final') li.append(' ', h('span', { class: 'badge' }, 'slutläge'));
    if (def.states) li.append(stateTree(def.states));
    ul.append(li);
  }
  return ul;
}

export async function workflowPage(ctx) {
  ctx.setTitle('Arbetsflöde');
  const { definition, mermaid } = await loadWorkflow();
  const all = flatten(definition.states);
  const rows = [];
  for (const s of all) {
    for (const [event, t] of Object.entries(s.def.on || {})) {
      const evDef = definition.events?.[event] || {};
      const target = resolveTarget(all, s, t.target);
      rows.push({
        from: s.label,
        event: evDef.label || event,
        eventType: event,
        to: target ? target.label : 'Samma läge',
        roles: (t.roles || evDef.roles || []).map(roleLabel).join(', '),
        note: [...(t.guards || []).map((g) => GUARD_LABELS[g.type] || g.type), t.description].filter(Boolean).join('; '),
      });
    }
  }
  const initialLabel = definition.states?.[definition.initial]?.label || definition.initial;
  return [
    h('h1', {}, definition.title || 'Arbetsflöde'),
    definition.description ? h('p', { class: 'lead' }, definition.description) : null,
    h('p', {}, `Version ${definition.version}. En ny ändringsbegäran börjar i läget ”${initialLabel}”.`),
    h('section', { class: 'panel', 'aria-labelledby': 'lagen' }, h('h2', { id: 'lagen' }, 'Lägen'), stateTree(definition.states)),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'overgangar' },
      h('h2', { id: 'overgangar' }, 'Övergångar'),
      dataTable({
        caption: 'Vilken händelse som leder från vilket läge till vilket, och vilka roller som får skicka den',
        columns: [
          { label: 'Från läge', cell: (r) => r.from },
          { label: 'Händelse', cell: (r) => h('span', {}, r.event, ' ', h('code', {}, r.eventType)) },
          { label: 'Till läge', cell: (r) => r.to },
          { label: 'Roller', cell: (r) => r.roles },
          { label: 'Villkor', cell: (r) => r.note || '–' },
        ],
        rows,
      }),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'handelser' },
      h('h2', { id: 'handelser' }, 'Händelser och uppgifter'),
      dataTable({
        caption: 'Händelser, roller och de uppgifter som ska lämnas',
        columns: [
          { label: 'Händelse', cell: (r) => h('span', {}, r[1].label || r[0], ' ', h('code', {}, r[0])) },
          { label: 'Roller', cell: (r) => (r[1].roles || []).map(roleLabel).join(', ') },
          {
            label: 'Uppgifter',
            cell: (r) => {
              const props = r[1].payload?.properties || {};
              const req = new Set(r[1].payload?.required || []);
              const names = Object.keys(props);
              return names.length
                ? names.map((n) => `${props[n].title || n}${req.has(n) ? '' : ' (valfritt)'}`).join(', ')
                : 'Inga';
            },
          },
        ],
        rows: Object.entries(definition.events || {}),
      }),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'diagram' },
      h('h2', { id: 'diagram' }, 'Diagram (Mermaid)'),
      h('p', {}, 'Källtext för tillståndsdiagrammet i Mermaid-format. Den kan klistras in i verktyg som ritar Mermaid-diagram.'),
      h('pre', { class: 'code', tabindex: '0', 'aria-label': 'Mermaid-källtext för arbetsflödet' }, h('code', {}, mermaid || '')),
    ),
  ];
}
