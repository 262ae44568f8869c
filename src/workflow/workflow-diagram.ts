/**
 * Draws a workflow definition as an SVG state diagram with its Swedish labels: the states (a
 * compound state as a frame around its substates, final states with a double border), the
 * transitions that change status as labelled arrows, and the events that keep the status listed
 * inside their state. The layout is ELK's layered algorithm (elkjs); the SVG uses presentation
 * attributes only (no <style>, no style="…", no script), so it shows the same on its own and
 * inside a page under a strict Content-Security-Policy.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { TERMS, termOf } from '../common/terms';
import { resolveTarget } from './workflow-paths';
import type { StateDefinition, WorkflowDefinition } from './workflow.types';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
const TEXT = '#1b1b1b';
const MUTED = '#4a4a4a';
const LINE = '#4a5a6a';
const STATE_FILL = '#e8f1f8';
const STATE_STROKE = '#00558c';
const COMPOUND_FILL = '#f7f4fb';
const COMPOUND_STROKE = '#5b2a86';
const FINAL_FILL = '#eaf6ef';
const FINAL_STROKE = '#00703c';

/** Type sizes (px), line heights and a generous average glyph width (em) for measuring text. */
const TITLE = { size: 15, line: 20, em: 0.66 };
const ITEM = { size: 13, line: 18, em: 0.56 };
const EDGE = { size: 13, line: 17, em: 0.56 };
const PAD_X = 12;
const PAD_Y = 9;
const INITIAL = 16;

interface DiagramState {
  path: string;
  def: StateDefinition;
  title: string[];
  /** Labels of the events that keep the status (no target, or the state itself). */
  internal: string[][];
  final: boolean;
  children: DiagramState[];
}

interface DiagramEdge {
  id: string;
  from: string;
  to: string;
  lines: string[];
  /** Lines set in bold (the event); the rest are the roles. */
  bold: number;
}

const xml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const round = (n: number): string => String(Math.round(n * 10) / 10);

/** Splits text into lines of at most `max` characters at spaces (a longer word stays whole). */
export function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

const width = (lines: string[], font: { size: number; em: number }): number =>
  Math.max(0, ...lines.map((l) => l.length)) * font.size * font.em;

function rolesText(roles: readonly string[]): string {
  return `(${roles.map((r) => termOf(TERMS.roles, r)).join(', ')})`;
}

function collectStates(def: WorkflowDefinition): DiagramState[] {
  const walk = (states: Record<string, StateDefinition>, prefix: string): DiagramState[] =>
    Object.entries(states).map(([name, state]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      const internal: string[][] = [];
      for (const [event, t] of Object.entries(state.on ?? {})) {
        const target = t.target === undefined ? path : resolveTarget(def, path, t.target);
        if (target === path) internal.push(wrapText(`• ${def.events[event]?.label ?? event}`, 32));
      }
      return {
        path,
        def: state,
        title: wrapText(state.label, 24),
        internal,
        final: state.type === 'final',
        children: state.states ? walk(state.states, path) : [],
      };
    });
  return walk(def.states, '');
}

function collectEdges(def: WorkflowDefinition): DiagramEdge[] {
  const edges: DiagramEdge[] = [];
  const walk = (states: Record<string, StateDefinition>, prefix: string) => {
    for (const [name, state] of Object.entries(states)) {
      const path = prefix ? `${prefix}.${name}` : name;
      for (const [event, t] of Object.entries(state.on ?? {})) {
        if (t.target === undefined) continue;
        const target = resolveTarget(def, path, t.target) ?? t.target;
        if (target === path) continue;
        const eventLines = wrapText(def.events[event]?.label ?? event, 26);
        const roles = wrapText(rolesText(t.roles ?? def.events[event]?.roles ?? []), 30);
        edges.push({
          id: `e${edges.length}`,
          from: path,
          to: target,
          lines: [...eventLines, ...roles],
          bold: eventLines.length,
        });
      }
      if (state.states) walk(state.states, path);
    }
  };
  walk(def.states, '');
  return edges;
}

/** ELK options for every graph level: ELK does not pass them down to compound nodes. */
const LAYERED: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.layered.edgeLabels.centerLabelPlacementStrategy': 'TAIL_LAYER',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '12',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS',
  // States in the order the definition lists them: the initial state first, then onwards.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
};

const nodeId = (path: string) => `s/${path}`;
const initialId = (path: string) => `i/${path}`;

function headerHeight(s: DiagramState): number {
  const items = s.internal.flat().length;
  return (
    PAD_Y +
    s.title.length * TITLE.line +
    (s.final ? ITEM.line : 0) +
    (items ? 8 + items * ITEM.line : 0) +
    PAD_Y
  );
}

function headerWidth(s: DiagramState): number {
  return (
    2 * PAD_X +
    Math.max(width(s.title, TITLE), width(s.internal.flat(), ITEM) + 10, s.final ? 80 : 0, 96)
  );
}

function elkNode(s: DiagramState, def: WorkflowDefinition): ElkNode {
  if (!s.children.length) {
    return { id: nodeId(s.path), width: headerWidth(s), height: headerHeight(s) };
  }
  const initial = s.def.initial ?? s.children[0].path.split('.').pop();
  return {
    id: nodeId(s.path),
    layoutOptions: {
      ...LAYERED,
      'elk.padding': `[top=${headerHeight(s) + 8},left=16,bottom=16,right=16]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${headerWidth(s)}, ${headerHeight(s) + 40})`,
    },
    children: [
      { id: initialId(s.path), width: INITIAL, height: INITIAL },
      ...s.children.map((c) => elkNode(c, def)),
    ],
    edges: [
      {
        id: `init/${s.path}`,
        sources: [initialId(s.path)],
        targets: [nodeId(`${s.path}.${initial}`)],
      },
    ],
  };
}

function elkGraph(def: WorkflowDefinition, states: DiagramState[], edges: DiagramEdge[]): ElkNode {
  const labelled: ElkExtendedEdge[] = edges.map((e) => ({
    id: e.id,
    sources: [nodeId(e.from)],
    targets: [nodeId(e.to)],
    labels: [
      { text: e.id, width: width(e.lines, EDGE) + 8, height: e.lines.length * EDGE.line + 4 },
    ],
  }));
  return {
    id: 'root',
    layoutOptions: {
      ...LAYERED,
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.edgeCoords': 'ROOT',
      'elk.json.shapeCoords': 'ROOT',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children: [
      { id: initialId(''), width: INITIAL, height: INITIAL },
      ...states.map((s) => elkNode(s, def)),
    ],
    edges: [{ id: 'init/', sources: [initialId('')], targets: [nodeId(def.initial)] }, ...labelled],
  };
}

function flatNodes(node: ElkNode, out = new Map<string, ElkNode>()): Map<string, ElkNode> {
  out.set(node.id, node);
  for (const child of node.children ?? []) flatNodes(child, out);
  return out;
}

function flatEdges(node: ElkNode, out: ElkExtendedEdge[] = []): ElkExtendedEdge[] {
  out.push(...(node.edges ?? []));
  for (const child of node.children ?? []) flatEdges(child, out);
  return out;
}

function textLines(
  lines: string[],
  x: number,
  y: number,
  font: { size: number; line: number },
  attrs: string,
  boldLines = 0,
): string {
  return lines
    .map(
      (line, i) =>
        `<text x="${round(x)}" y="${round(y + i * font.line + font.size)}" font-size="${font.size}"${i < boldLines ? ' font-weight="700"' : ''} ${attrs}>${xml(line)}</text>`,
    )
    .join('');
}

function describe(def: WorkflowDefinition, states: DiagramState[], edges: DiagramEdge[]): string {
  const name = (s: DiagramState): string => {
    const label = s.def.label;
    const marks = [
      s.path === def.initial ? 'början' : null,
      s.final ? TERMS.diagram.final.toLowerCase() : null,
    ].filter(Boolean);
    const inner = s.children.length
      ? ` med ${s.children.map((c) => c.def.label).join(' och ')}`
      : '';
    return `${label}${inner}${marks.length ? ` (${marks.join(', ')})` : ''}`;
  };
  return (
    `Statusar: ${states.map(name).join(', ')}. ` +
    `${edges.length} övergångar mellan statusar, ritade som pilar med händelse och roller. ` +
    'Händelser som inte byter status står i rutan för sin status. ' +
    'Samma övergångar finns som text i tabellen Övergångar.'
  );
}

async function render(def: WorkflowDefinition): Promise<string> {
  const states = collectStates(def);
  const edges = collectEdges(def);
  const layout = await new ELK().layout(elkGraph(def, states, edges));
  const nodes = flatNodes(layout);
  const byPath = new Map<string, DiagramState>();
  const index = (list: DiagramState[]) => {
    for (const s of list) {
      byPath.set(s.path, s);
      index(s.children);
    }
  };
  index(states);

  const prefix = `wd-${def.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const W = Math.ceil(layout.width ?? 0);
  const H = Math.ceil(layout.height ?? 0);
  const parts: string[] = [];

  // States: outer frames first, so substates draw on top of their compound state.
  const drawState = (s: DiagramState) => {
    const n = nodes.get(nodeId(s.path));
    if (!n) return;
    const x = n.x ?? 0;
    const y = n.y ?? 0;
    const w = n.width ?? 0;
    const h = n.height ?? 0;
    const compound = s.children.length > 0;
    const fill = s.final ? FINAL_FILL : compound ? COMPOUND_FILL : STATE_FILL;
    const stroke = s.final ? FINAL_STROKE : compound ? COMPOUND_STROKE : STATE_STROKE;
    const kind = s.final ? 'final' : compound ? 'compound' : 'state';
    parts.push(`<g class="wd-${kind}" data-state="${xml(s.path)}">`);
    parts.push(
      `<rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="${round(h)}" rx="${compound ? 10 : 8}" fill="${fill}" stroke="${stroke}" stroke-width="2"/>`,
    );
    if (s.final) {
      parts.push(
        `<rect x="${round(x + 4)}" y="${round(y + 4)}" width="${round(w - 8)}" height="${round(h - 8)}" rx="5" fill="none" stroke="${stroke}" stroke-width="1.5"/>`,
      );
    }
    const cx = x + w / 2;
    let ty = y + PAD_Y;
    const align = compound ? '' : ' text-anchor="middle"';
    parts.push(
      textLines(
        s.title,
        compound ? x + PAD_X : cx,
        ty,
        TITLE,
        `font-weight="700" fill="${TEXT}"${align}`,
      ),
    );
    ty += s.title.length * TITLE.line;
    if (s.final) {
      parts.push(
        textLines(
          [TERMS.diagram.final],
          compound ? x + PAD_X : cx,
          ty,
          ITEM,
          `font-style="italic" fill="${FINAL_STROKE}"${align}`,
        ),
      );
      ty += ITEM.line;
    }
    if (s.internal.length) {
      ty += 4;
      const left = compound ? x + PAD_X : x + 8;
      parts.push(
        `<line x1="${round(left)}" y1="${round(ty)}" x2="${round(compound ? left + headerWidth(s) - 2 * PAD_X : x + w - 8)}" y2="${round(ty)}" stroke="${stroke}" stroke-width="1" stroke-dasharray="3 3"/>`,
      );
      ty += 4;
      for (const item of s.internal) {
        // Continuation lines of an item start under its text, not under the bullet.
        item.forEach((line, i) =>
          parts.push(
            textLines(
              [line],
              x + PAD_X + (i ? 10 : 0),
              ty + i * ITEM.line,
              ITEM,
              `fill="${MUTED}"`,
            ),
          ),
        );
        ty += item.length * ITEM.line;
      }
    }
    parts.push('</g>');
    for (const c of s.children) drawState(c);
  };

  const drawInitial = (id: string) => {
    const n = nodes.get(id);
    if (!n) return;
    parts.push(
      `<circle class="wd-initial" cx="${round((n.x ?? 0) + INITIAL / 2)}" cy="${round((n.y ?? 0) + INITIAL / 2)}" r="${INITIAL / 2}" fill="${TEXT}"/>`,
    );
  };

  for (const s of states) drawState(s);
  drawInitial(initialId(''));
  for (const s of byPath.values()) if (s.children.length) drawInitial(initialId(s.path));

  // Arrows, then their labels on a white ground so that they stay legible over lines.
  const labels: string[] = [];
  const info = new Map(edges.map((e) => [e.id, e]));
  for (const edge of flatEdges(layout)) {
    for (const section of edge.sections ?? []) {
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
      const d = points.map((p, i) => `${i ? 'L' : 'M'}${round(p.x)} ${round(p.y)}`).join(' ');
      parts.push(
        `<path class="wd-edge" d="${d}" fill="none" stroke="${LINE}" stroke-width="1.6" marker-end="url(#${prefix}-arrow)"/>`,
      );
    }
    const e = info.get(edge.id);
    const label = edge.labels?.[0];
    if (e && label) {
      const lx = label.x ?? 0;
      const ly = label.y ?? 0;
      labels.push(
        `<g class="wd-edge-label"><rect x="${round(lx)}" y="${round(ly)}" width="${round(label.width ?? 0)}" height="${round(label.height ?? 0)}" rx="3" fill="#ffffff" fill-opacity="0.92"/>` +
          textLines(
            e.lines,
            lx + (label.width ?? 0) / 2,
            ly + 2,
            EDGE,
            `fill="${TEXT}" text-anchor="middle"`,
            e.bold,
          ) +
          '</g>',
      );
    }
  }

  const title = `Tillståndsdiagram: ${def.title}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${prefix}-title ${prefix}-desc" font-family="${xml(FONT)}">`,
    `<title id="${prefix}-title">${xml(title)}</title>`,
    `<desc id="${prefix}-desc">${xml(describe(def, states, edges))}</desc>`,
    `<defs><marker id="${prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="${LINE}"/></marker></defs>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    ...parts,
    ...labels,
    '</svg>',
    '',
  ].join('\n');
}

const rendered = new WeakMap<WorkflowDefinition, Promise<string>>();

/** The diagram of a definition as SVG text, laid out once per loaded definition. */
export function renderWorkflowDiagram(def: WorkflowDefinition): Promise<string> {
  let svg = rendered.get(def);
  if (!svg) {
    svg = render(def);
    rendered.set(def, svg);
    svg.catch(() => rendered.delete(def));
  }
  return svg;
}
