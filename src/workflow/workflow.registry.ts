import { Injectable } from '@nestjs/common';
import { loadWorkflows } from './workflow-loader';
import type { CompiledWorkflow } from './workflow.types';

export const WORKFLOWS_DIR = Symbol('WORKFLOWS_DIR');

/**
 * The compiled workflow definitions, loaded and validated when the app starts: a broken file
 * throws here and start-up stops with the file and JSON path in the message.
 */
@Injectable()
export class WorkflowRegistry {
  private readonly workflows: Map<string, CompiledWorkflow>;

  constructor(dir?: string) {
    this.workflows = loadWorkflows(dir);
  }

  list(): CompiledWorkflow[] {
    return [...this.workflows.values()];
  }

  find(id: string): CompiledWorkflow | undefined {
    return this.workflows.get(id);
  }

  /** The definition a stored request started with (published versions are never edited). */
  forRequest(id: string, version: number): CompiledWorkflow {
    const workflow = this.workflows.get(id);
    if (!workflow || workflow.definition.version !== version) {
      throw new Error(`Workflow ${id} v${version} is not loaded`);
    }
    return workflow;
  }
}
