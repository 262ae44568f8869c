import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeRequestContext } from '../../src/change-requests/change-request.types';
import type { WorkflowInterpreter } from '../../src/workflow/workflow-interpreter';
import { loadWorkflows } from '../../src/workflow/workflow-loader';
import { enterLeaf, leafPath, resolveTarget, statePaths, stateAt } from '../../src/workflow/workflow-paths';
import { WORKFLOW_KINDS } from '../../src/workflow-kinds';
import type { MeetingContext } from '../../src/meeting-store/meeting.types';
import { exploreMeetingTransitions } from '../support/meeting-driver';
import { exploreTransitions } from '../support/workflow-driver';

/**
 * Generated from every workflow definition (the product's workflows/ and the test fixtures): every
 * transition a definition declares is reachable and lands where the definition says.
 */
const folders = [join(__dirname, '..', '..', 'workflows'), join(__dirname, '..', 'fixtures', 'workflows')];
const workflows = folders.flatMap((dir) => [...loadWorkflows(dir, WORKFLOW_KINDS).values()]) as WorkflowInterpreter<unknown>[];

function declaredTransitions(workflow: WorkflowInterpreter<unknown>) {
  const def = workflow.definition;
  return statePaths(def.states).flatMap((path) =>
    Object.entries(stateAt(def, path)!.on ?? {}).map(([event, t]) => ({
      key: `${path} ${event}`,
      path,
      event,
      target: t.target === undefined ? null : enterLeaf(def, resolveTarget(def, path, t.target)!),
    })),
  );
}

it('loads every workflow file in workflows/ and the fixtures', () => {
  const files = folders.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')));
  expect(workflows.map((w) => w.definition.id).sort()).toEqual(['andringsbegaran', 'enkel-fraga', 'fraga-med-svar', 'sammantrade']);
  expect(files).toHaveLength(workflows.length);
});

describe.each(workflows.map((w) => [w.definition.id, w] as const))('workflow %s', (_id, workflow) => {
  // Each kind explores with its own cases and events: a change request from a draft, a meeting from its planning.
  const taken =
    workflow.definition.kind === 'meeting'
      ? exploreMeetingTransitions(workflow as WorkflowInterpreter<MeetingContext>)
      : exploreTransitions(workflow as WorkflowInterpreter<ChangeRequestContext>);
  const declared = declaredTransitions(workflow);

  it.each(declared.map((t) => [t.key, t] as const))('transition %s is reachable and lands on its target', (key, t) => {
    const run = taken.get(key);
    expect(run).toBeDefined();
    const landed = leafPath(run!.to);
    expect(landed).toBe(t.target === null ? leafPath(run!.from) : t.target);
  });

  it('takes no transition the definition does not declare', () => {
    expect([...taken.keys()].sort()).toEqual(declared.map((t) => t.key).sort());
  });

  it('is drawn as a Mermaid stateDiagram-v2 with every transition', () => {
    const mermaid = workflow.mermaid();
    expect(mermaid.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const t of declared) expect(mermaid).toContain(`: ${t.event} (`);
    expect(mermaid.match(/ --> /g)!.length).toBeGreaterThanOrEqual(declared.length);
  });
});
