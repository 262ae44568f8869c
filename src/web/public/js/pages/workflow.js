import { h } from '../dom.js';
import { describeError } from '../api.js';
import { roleLabel } from '../format.js';
import { DEFAULT_WORKFLOW, loadDiagram, loadWorkflow, loadWorkflowList } from '../reference-data.js';
import { dataTable } from '../table.js';
import { TERMS, term } from '../terms.js';

/** Walks nested states: [{ path, label, ownLabel, def, depth }]. */
function flatten(states, prefix = [], parents = [], depth = 0, out = []) {
  for (const [name, def] of Object.entries(states || {})) {
    const path = [...prefix, name];
    const ownLabel = def.label || name;
    const label = parents.length ? `${ownLabel} (i ${parents[parents.length - 1]})` : ownLabel;
    out.push({ path: path.join('.'), name, label, ownLabel, def, depth });
    flatten(def.states, path, [...parents, ownLabel], depth + 1, out);
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
  for (const [, def] of Object.entries(states || {})) {
    const li = h('li', {}, h('span', { class: 'state-name' }, def.label));
    if (def.type === 'final') li.append(' ', h('span', { class: 'badge' }, TERMS.diagram.final.toLowerCase()));
    if (def.states) li.append(stateTree(def.states));
    ul.append(li);
  }
  return ul;
}

/**
 * The server's SVG, parsed as XML (nothing in it runs) and copied into the page. Anything that
 * could run or load is dropped on the way, although the server never writes it.
 */
function importSvg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = doc.documentElement;
  if (svg.namespaceURI !== 'http://www.w3.org/2000/svg' || svg.localName !== 'svg' || doc.querySelector('parsererror')) {
    throw new Error('not an SVG document');
  }
  for (const el of svg.querySelectorAll('script, style, foreignObject, a, image, use')) el.remove();
  for (const el of [svg, ...svg.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name) || attr.name === 'style' || /href$/i.test(attr.name)) el.removeAttribute(attr.name);
    }
  }
  return document.importNode(svg, true);
}

async function diagramFigure(name, title) {
  let svg;
  try {
    svg = importSvg(await loadDiagram(name));
  } catch (err) {
    return h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, `Diagrammet kunde inte visas. ${describeError(err)} Övergångarna står i tabellen nedan.`));
  }
  // Shown at its own size (readable); on a narrow screen the frame scrolls sideways, the page does not.
  svg.removeAttribute('height');
  svg.classList.add('workflow-diagram');
  const frame = h('div', { class: 'diagram-scroll', tabindex: '0', role: 'region', 'aria-label': `Tillståndsdiagram för ${title}` }, svg);
  const figure = h('figure', { class: 'diagram' });
  const toggle = h('button', { type: 'button', class: 'button button-secondary button-small diagram-toggle', 'aria-pressed': 'false' }, 'Visa hela diagrammet i skärmens bredd');
  toggle.addEventListener('click', () => {
    const fit = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(fit));
    figure.classList.toggle('diagram-fit', fit);
    if (!fit) showStart(frame, svg);
  });
  // Once on the page: a frame narrower than the drawing opens where the workflow starts.
  window.requestAnimationFrame(() => showStart(frame, svg));
  figure.append(
    toggle,
    frame,
    h(
      'figcaption',
      { class: 'hint' },
      'Rutorna är statusar och pilarna de händelser som byter status, med rollerna som får göra dem. ',
      'Händelser under den streckade linjen i en ruta ändrar inte status. Dubbel kant betyder slutstatus. ',
      'Samma övergångar står som text i tabellen Övergångar.',
    ),
  );
  return figure;
}

/** Scrolls the diagram's frame sideways so that the start marker is in view. */
function showStart(frame, svg) {
  const start = svg.querySelector('.wd-initial');
  if (!start || frame.scrollWidth <= frame.clientWidth) return;
  const box = start.getBoundingClientRect();
  const left = box.left - frame.getBoundingClientRect().left + frame.scrollLeft;
  frame.scrollLeft = Math.max(0, left - frame.clientWidth / 2);
}

export async function workflowPage(ctx, name = DEFAULT_WORKFLOW) {
  const [{ definition, mermaid }, list] = await Promise.all([loadWorkflow(name), loadWorkflowList().catch(() => [])]);
  ctx.setTitle(definition.title || 'Arbetsflöde');
  const all = flatten(definition.states);
  const rows = [];
  for (const s of all) {
    for (const [event, t] of Object.entries(s.def.on || {})) {
      const evDef = definition.events?.[event] || {};
      const target = resolveTarget(all, s, t.target);
      rows.push({
        from: s.label,
        event: evDef.label || event,
        to: target && target.path !== s.path ? target.label : 'Samma status',
        roles: (t.roles || evDef.roles || []).map(roleLabel).join(', '),
        note: [...(t.guards || []).map((g) => term(TERMS.guards, g.type)), t.description].filter(Boolean).join('; '),
      });
    }
  }
  const others = (Array.isArray(list) ? list : []).filter((w) => w.id !== definition.id);
  const initialLabel = definition.states?.[definition.initial]?.label || definition.initial;
  return [
    h('h1', {}, definition.title || 'Arbetsflöde'),
    definition.description ? h('p', { class: 'lead' }, definition.description) : null,
    h('p', {}, `Version ${definition.version}. En ny ${definition.id === DEFAULT_WORKFLOW ? 'ändringsbegäran' : 'ärende'} börjar med status ”${initialLabel}”.`),
    others.length
      ? h(
          'nav',
          { class: 'workflow-links', 'aria-label': 'Andra arbetsflöden' },
          h('p', {}, 'Andra arbetsflöden: ', others.flatMap((w, i) => [i ? ', ' : '', h('a', { href: `#/arbetsflode/${encodeURIComponent(w.id)}` }, w.title || w.id)])),
        )
      : null,
    h('section', { class: 'panel', 'aria-labelledby': 'diagram' }, h('h2', { id: 'diagram' }, 'Diagram'), await diagramFigure(definition.id, definition.title)),
    h('section', { class: 'panel', 'aria-labelledby': 'statusar' }, h('h2', { id: 'statusar' }, 'Statusar'), stateTree(definition.states)),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'overgangar' },
      h('h2', { id: 'overgangar' }, 'Övergångar'),
      dataTable({
        caption: 'Vilken händelse som leder från vilken status till vilken, och vilka roller som får göra den',
        columns: [
          { label: 'Från status', cell: (r) => r.from },
          { label: 'Händelse', cell: (r) => r.event },
          { label: 'Till status', cell: (r) => r.to },
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
          { label: 'Händelse', cell: (r) => r[1].label || r[0] },
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
      'details',
      { class: 'panel developer', id: 'for-utvecklare' },
      h('summary', {}, 'För utvecklare: diagrammet som Mermaid-källtext'),
      h('p', {}, 'Tillståndsdiagrammet i Mermaid-format, med arbetsflödets koder för statusar, händelser och roller. Samma text finns i API:t (GET /api/workflows/', definition.id, ').'),
      h('pre', { class: 'code', tabindex: '0', 'aria-label': 'Mermaid-källtext för arbetsflödet' }, h('code', {}, mermaid || '')),
    ),
  ];
}
