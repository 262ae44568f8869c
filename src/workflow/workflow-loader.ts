import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BehaviourRegistry } from './behaviours';
import { WorkflowInterpreter } from './workflow-interpreter';
import { validateWorkflowDefinition, WorkflowDefinitionError } from './workflow-validator';

export const DEFAULT_WORKFLOWS_DIR = join(__dirname, '..', '..', 'workflows');

export interface DefinitionFile {
  /** The path as shown in messages (relative to the working directory). */
  file: string;
  raw: unknown;
}

/** Reads and parses every workflow definition (`*.json` except the format's own `*.schema.json`). */
export function readDefinitionFiles(dir: string = DEFAULT_WORKFLOWS_DIR): DefinitionFile[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort();
  if (names.length === 0) {
    throw new WorkflowDefinitionError(dir, [{ path: '$', message: 'no workflow definitions (*.json) found' }]);
  }
  return names.map((name) => {
    const path = join(dir, name);
    const file = relative(process.cwd(), path) || path;
    try {
      return { file, raw: JSON.parse(readFileSync(path, 'utf8')) as unknown };
    } catch (error) {
      throw new WorkflowDefinitionError(file, [{ path: '$', message: `not valid JSON: ${(error as Error).message}` }]);
    }
  });
}

/** The `kind` a parsed file declares, if it declares one. */
export function kindOf(raw: unknown): string | undefined {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : undefined;
}

/**
 * Validates and compiles the files of one kind with its behaviours. Throws on the first broken
 * file, or when two files define the same workflow id. Files of other kinds are left alone.
 */
export function compileDefinitions<C>(files: DefinitionFile[], registry: BehaviourRegistry<C>): Map<string, WorkflowInterpreter<C>> {
  const registries = new Map([[registry.kind, registry as BehaviourRegistry<unknown>]]);
  const compiled = new Map<string, WorkflowInterpreter<C>>();
  for (const { file, raw } of files) {
    if (kindOf(raw) !== registry.kind) continue;
    const def = validateWorkflowDefinition(raw, file, registries);
    if (compiled.has(def.id)) {
      throw new WorkflowDefinitionError(file, [{ path: '$.id', message: `workflow "${def.id}" is defined twice` }]);
    }
    compiled.set(def.id, new WorkflowInterpreter(def, registry));
  }
  return compiled;
}

/** Every file in `dir`, each validated against its kind's behaviours; the interpreters by id. */
export function loadWorkflows(dir: string, registries: BehaviourRegistry<unknown>[]): Map<string, WorkflowInterpreter<unknown>> {
  const byKind = new Map(registries.map((r) => [r.kind, r]));
  const all = new Map<string, WorkflowInterpreter<unknown>>();
  for (const { file, raw } of readDefinitionFiles(dir)) {
    const def = validateWorkflowDefinition(raw, file, byKind);
    if (all.has(def.id)) {
      throw new WorkflowDefinitionError(file, [{ path: '$.id', message: `workflow "${def.id}" is defined twice` }]);
    }
    all.set(def.id, new WorkflowInterpreter(def, byKind.get(def.kind)!));
  }
  return all;
}
