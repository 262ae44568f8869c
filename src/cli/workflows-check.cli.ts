import { resolve } from 'node:path';
import { loadWorkflows } from '../workflow/workflow-loader';
import { WORKFLOW_KINDS } from '../workflow-kinds';

/** `npm run workflows:check [dir]`: validates every workflow definition and exits non-zero on the first broken one. */
const dir = resolve(process.argv[2] ?? 'workflows');
try {
  for (const [id, wf] of loadWorkflows(dir, WORKFLOW_KINDS)) {
    const states = Object.keys(wf.definition.states).length;
    const events = Object.keys(wf.definition.events).length;
    process.stdout.write(`ok ${id} v${wf.definition.version} (${wf.definition.kind}): ${states} top-level states, ${events} events\n`);
  }
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
