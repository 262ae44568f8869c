import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileWorkflow } from './workflow-machine';
import { validateWorkflowDefinition, WorkflowDefinitionError } from './workflow-validator';
import type { CompiledWorkflow } from './workflow.types';

export const DEFAULT_WORKFLOWS_DIR = join(__dirname, '..', '..', 'workflows');

/** Reads, validates and compiles every workflows/*.json. Throws on the first broken file. */
export function loadWorkflows(dir: string = DEFAULT_WORKFLOWS_DIR): Map<string, CompiledWorkflow> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const workflows = new Map<string, CompiledWorkflow>();
  for (const name of files) {
    const path = join(dir, name);
    const file = relative(process.cwd(), path) || path;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new WorkflowDefinitionError(file, [{ path: '$', message: `not valid JSON: ${(error as Error).message}` }]);
    }
    const def = validateWorkflowDefinition(raw, file);
    if (workflows.has(def.id)) {
      throw new WorkflowDefinitionError(file, [{ path: '$.id', message: `workflow "${def.id}" is defined twice` }]);
    }
    workflows.set(def.id, compileWorkflow(def));
  }
  if (workflows.size === 0) {
    throw new WorkflowDefinitionError(dir, [{ path: '$', message: 'no workflow definitions (*.json) found' }]);
  }
  return workflows;
}
