import { join } from 'node:path';
import { TERMS } from '../common/terms';
import { renderWorkflowDiagram, wrapText } from './workflow-diagram';
import { WORKFLOW_KINDS } from '../workflow-kinds';
import { loadWorkflows } from './workflow-loader';
import { resolveTarget, stateAt, statePaths } from './workflow-paths';
import type { WorkflowDefinition } from './workflow.types';

const folders = [
  join(__dirname, '..', '..', 'workflows'),
  join(__dirname, '..', '..', 'test', 'fixtures', 'workflows'),
];
const definitions: WorkflowDefinition[] = folders.flatMap((dir) =>
  [...loadWorkflows(dir, WORKFLOW_KINDS).values()].map((w) => w.definition),
);

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The outer rectangle drawn for each state, by state path. */
function stateBoxes(svg: string): Map<string, { kind: string; box: Box }> {
  const boxes = new Map<string, { kind: string; box: Box }>();
  const pattern =
    /<g class="wd-(\w+)" data-state="([^"]+)">\s*<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g;
  for (const m of svg.matchAll(pattern)) {
    boxes.set(m[2], {
      kind: m[1],
      box: { x: +m[3], y: +m[4], width: +m[5], height: +m[6] },
    });
  }
  return boxes;
}

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.each(definitions.map((d) => [d.id, d] as const))('diagram of %s', (_id, def) => {
  let svg: string;
  beforeAll(async () => {
    svg = await renderWorkflowDiagram(def);
  });

  it('is an accessible SVG image with a title and a description', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('role="img"');
    expect(svg).toContain(`<title id="wd-${def.id}-title">Tillståndsdiagram: ${def.title}</title>`);
    expect(svg).toContain(`aria-labelledby="wd-${def.id}-title wd-${def.id}-desc"`);
    expect(svg).toMatch(new RegExp(`<desc id="wd-${def.id}-desc">Statusar: .+</desc>`));
  });

  it('needs nothing a strict Content-Security-Policy forbids', () => {
    expect(svg).not.toMatch(
      /<style|\sstyle=|<script|\son[a-z]+=|javascript:|<foreignObject|href="http/i,
    );
  });

  it('draws every state with its label, compound states around their substates, final states marked', () => {
    const boxes = stateBoxes(svg);
    for (const path of statePaths(def.states)) {
      const state = stateAt(def, path)!;
      const drawn = boxes.get(path);
      expect({ path, drawn: drawn !== undefined }).toEqual({ path, drawn: true });
      expect(drawn!.kind).toBe(
        state.type === 'final' ? 'final' : state.states ? 'compound' : 'state',
      );
      for (const word of state.label.split(/\s+/)) expect(svg).toContain(word);
      const parent = path.split('.').slice(0, -1).join('.');
      if (parent) expect(inside(drawn!.box, boxes.get(parent)!.box)).toBe(true);
    }
    const finals = statePaths(def.states).filter((p) => stateAt(def, p)!.type === 'final');
    expect(svg.split(`>${TERMS.diagram.final}</text>`).length - 1).toBe(finals.length);
    // States at the same level never overlap.
    const top = Object.keys(def.states).map((name) => boxes.get(name)!.box);
    for (const [i, a] of top.entries())
      for (const b of top.slice(i + 1)) expect(overlap(a, b)).toBe(false);
  });

  it('draws one arrow per status change and one start marker per level, labelled with event and roles', () => {
    let changes = 0;
    const arrowRoles = new Set<string>();
    for (const path of statePaths(def.states)) {
      for (const [event, t] of Object.entries(stateAt(def, path)!.on ?? {})) {
        const target = t.target === undefined ? path : resolveTarget(def, path, t.target);
        const words = def.events[event].label.split(/\s+/);
        for (const word of words) expect(svg).toContain(word);
        if (target !== path) {
          changes++;
          for (const role of t.roles ?? def.events[event].roles) arrowRoles.add(role);
        }
      }
    }
    const compounds = statePaths(def.states).filter((p) => stateAt(def, p)!.states).length;
    expect(svg.match(/class="wd-edge"/g)?.length).toBe(changes + 1 + compounds);
    expect(svg.match(/class="wd-edge-label"/g)?.length).toBe(changes);
    expect(svg.match(/class="wd-initial"/g)?.length).toBe(1 + compounds);
    for (const role of arrowRoles) {
      expect(svg).toContain(TERMS.roles[role as keyof typeof TERMS.roles]);
    }
  });

  it('never shows the codes of states or events', () => {
    const text = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
    for (const path of statePaths(def.states)) {
      const name = path.split('.').pop()!;
      if (/_/.test(name)) expect(text).not.toContain(name);
    }
    for (const event of Object.keys(def.events)) expect(text).not.toContain(event);
  });
});

describe('renderWorkflowDiagram', () => {
  it('lays a definition out once', async () => {
    const def = definitions[0];
    expect(renderWorkflowDiagram(def)).toBe(renderWorkflowDiagram(def));
    await renderWorkflowDiagram(def);
  });

  it('escapes the text of a definition', async () => {
    const def: WorkflowDefinition = {
      id: 'prov',
      version: 1,
      kind: 'change_request',
      title: 'Prov <b>&"\'',
      initial: 'a',
      events: { GO: { label: 'Gå <i>vidare</i> & "klart"', roles: ['vgr'], payload: {} } },
      states: {
        a: { label: 'Start <script>', on: { GO: { target: 'b' } } },
        b: { label: 'Slut & klart', type: 'final' },
      },
    };
    const svg = await renderWorkflowDiagram(def);
    expect(svg).not.toMatch(/<(b|i|script)>/);
    expect(svg).toContain('Start &#60;script&#62;');
    expect(svg).toContain('Gå &#60;i&#62;vidare&#60;/i&#62; &#38; &#34;klart&#34;');
    expect(svg).toContain('Tillståndsdiagram: Prov &#60;b&#62;&#38;&#34;&#39;');
  });
});

describe('wrapText', () => {
  it('breaks at spaces within the width and keeps a long word whole', () => {
    expect(wrapText('Bekräfta mottagande och öppna dialog', 26)).toEqual([
      'Bekräfta mottagande och',
      'öppna dialog',
    ]);
    expect(wrapText('Kommun/kommunalförbund', 10)).toEqual(['Kommun/kommunalförbund']);
    expect(wrapText('', 10)).toEqual(['']);
  });
});
