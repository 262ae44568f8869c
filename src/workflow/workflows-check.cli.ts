import { resolve } from 'node:path';
import { loadWorkflows } from './workflow-loader';

/** `npm run workflows:check [dir]`: validates every workflow definition and exits non-zero on the first broken one. */
const dir = resolve(process.argv[2] ?? 'workflows');
try {
  const workflows = loadWorkflows(dir);
  for (const [id, wf] of workflows) {
    const states = Object.keys(wf.definition.states).length;
    const events = Object.keys(wf.definition.events).length;
    process.stdout.write(`ok ${id} v${wf.definition.version}: ${states} top-level states, ${events} events\n`);
  }
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
