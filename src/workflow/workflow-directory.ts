import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import type { BehaviourRegistry } from './behaviours';
import { WorkflowInterpreter } from './workflow-interpreter';
import { compileDefinitions, DEFAULT_WORKFLOWS_DIR, DefinitionFile, kindOf, readDefinitionFiles } from './workflow-loader';
import { validateWorkflowDefinition } from './workflow-validator';

/** The workflows of one kind, by id; a stored case remembers the id and version it started with. */
export class WorkflowSet<C> {
  constructor(
    readonly kind: string,
    private readonly workflows: Map<string, WorkflowInterpreter<C>>,
  ) {}

  list(): WorkflowInterpreter<C>[] {
    return [...this.workflows.values()];
  }

  find(id: string): WorkflowInterpreter<C> | undefined {
    return this.workflows.get(id);
  }

  /** The definition a stored case started with (published versions are never edited in place). */
  forCase(id: string, version: number): WorkflowInterpreter<C> {
    const workflow = this.workflows.get(id);
    if (!workflow || workflow.definition.version !== version) throw new Error(`Workflow ${id} v${version} is not loaded`);
    return workflow;
  }
}

/**
 * The workflow definition files, read once at start-up. Each kind of case (change requests,
 * meetings) claims its files with its behaviours, which validates and compiles them; a broken
 * file stops start-up naming the file and JSON path, and so does a file no kind claims.
 */
@Injectable()
export class WorkflowDirectory implements OnApplicationBootstrap {
  private readonly files: DefinitionFile[];
  private readonly claimed = new Map<string, WorkflowSet<unknown>>();
  private readonly registries = new Map<string, BehaviourRegistry<unknown>>();

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'workflowsDir'>) {
    this.files = readDefinitionFiles(config.workflowsDir ?? DEFAULT_WORKFLOWS_DIR);
  }

  claim<C>(registry: BehaviourRegistry<C>): WorkflowSet<C> {
    const set = new WorkflowSet(registry.kind, compileDefinitions(this.files, registry));
    this.claimed.set(registry.kind, set as WorkflowSet<unknown>);
    this.registries.set(registry.kind, registry as BehaviourRegistry<unknown>);
    return set;
  }

  all(): WorkflowInterpreter<unknown>[] {
    return [...this.claimed.values()].flatMap((set) => set.list());
  }

  find(id: string): WorkflowInterpreter<unknown> {
    const found = this.all().find((w) => w.id === id);
    if (!found) throw new DomainError('NOT_FOUND', `No workflow named "${id}"`);
    return found;
  }

  onApplicationBootstrap(): void {
    for (const { file, raw } of this.files) {
      const kind = kindOf(raw);
      if (kind === undefined || !this.claimed.has(kind)) validateWorkflowDefinition(raw, file, this.registries);
    }
  }
}
