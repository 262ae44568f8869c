import { resolveTarget } from './workflow-paths';
import type { StateDefinition, WorkflowDefinition } from './workflow.types';

const id = (path: string) => path.replace(/\./g, '__');
const escapeLabel = (text: string) => text.replace(/"/g, "'");

/** Renders a definition as a Mermaid stateDiagram-v2, roles on every edge. */
export function renderMermaid(def: WorkflowDefinition): string {
  const lines = ['stateDiagram-v2'];
  const declare = (states: Record<string, StateDefinition>, prefix: string, indent: string) => {
    for (const [name, state] of Object.entries(states)) {
      const path = prefix ? `${prefix}.${name}` : name;
      lines.push(`${indent}state "${escapeLabel(state.label)}" as ${id(path)}`);
      if (state.states) {
        lines.push(`${indent}state ${id(path)} {`);
        lines.push(`${indent}  [*] --> ${id(`${path}.${state.initial}`)}`);
        declare(state.states, path, `${indent}  `);
        lines.push(`${indent}}`);
      }
    }
  };
  declare(def.states, '', '  ');
  lines.push(`  [*] --> ${id(def.initial)}`);
  const edges = (states: Record<string, StateDefinition>, prefix: string) => {
    for (const [name, state] of Object.entries(states)) {
      const path = prefix ? `${prefix}.${name}` : name;
      for (const [event, t] of Object.entries(state.on ?? {})) {
        const roles = (t.roles ?? def.events[event].roles).join(', ');
        const target = t.target === undefined ? path : (resolveTarget(def, path, t.target) ?? t.target);
        lines.push(`  ${id(path)} --> ${id(target)}: ${event} (${roles})`);
      }
      if (state.type === 'final') lines.push(`  ${id(path)} --> [*]`);
      if (state.states) edges(state.states, path);
    }
  };
  edges(def.states, '');
  return lines.join('\n') + '\n';
}
