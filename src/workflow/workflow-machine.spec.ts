import { join } from 'node:path';
import { actorFor, draftContext, machineEvent } from '../../test/support/workflow-driver';
import { stockholmDate } from './workflow-behaviours';
import { loadWorkflows } from './workflow-loader';
import type { CompiledWorkflow, MachineEvent } from './workflow.types';

const workflow: CompiledWorkflow = loadWorkflows(join(__dirname, '..', '..', 'workflows')).get('andringsbegaran')!;
const def = workflow.definition;

function run(steps: [string, Parameters<typeof actorFor>[0], Record<string, unknown>?][]) {
  let state = workflow.start(draftContext());
  for (const [type, role, payload] of steps) {
    const event: MachineEvent = { ...machineEvent(def, type, role, state.context), ...(payload ? { payload } : {}) };
    const check = workflow.check(state.snapshot, event);
    if (!check.ok) throw new Error(`${type}: ${check.message}`);
    state = workflow.transition(state.snapshot, event);
  }
  return state;
}

const inDialogue = () =>
  run([
    ['SUBMIT', 'vastkom'],
    ['ACKNOWLEDGE', 'vgr'],
    ['RECORD_IMPACT', 'vgr'],
  ]);

describe('compiled andringsbegaran workflow', () => {
  it('keeps transitions pure: the same snapshot and event give the same next snapshot', () => {
    const state = inDialogue();
    const event = machineEvent(def, 'DECIDE', 'steering_group', state.context);
    expect(workflow.transition(state.snapshot, event)).toEqual(workflow.transition(state.snapshot, event));
    expect(workflow.allowedEvents(state.snapshot, actorFor('steering_group'))).toEqual(['DECIDE']);
  });

  it('refuses a decision by the person who submitted the request (segregation of duties)', () => {
    const state = inDialogue();
    const submitter = { ...actorFor('steering_group'), id: actorFor('vastkom').id };
    const event = { ...machineEvent(def, 'DECIDE', 'steering_group', state.context), actor: submitter };
    expect(workflow.check(state.snapshot, event)).toEqual({
      ok: false,
      code: 'ROLE_FORBIDDEN',
      message: 'The person who submitted a change request may not decide it',
    });
    expect(workflow.allowedEvents(state.snapshot, submitter)).toEqual([]);
  });

  it('lets a municipality act only for a requesting organisation', () => {
    const state = run([['SUBMIT', 'vastkom'], ['ACKNOWLEDGE', 'vgr'], ['REQUEST_INFO', 'vgr']]);
    const other = { ...actorFor('municipality'), organisationId: 'uddevalla', actsFor: ['uddevalla'] };
    const event = { ...machineEvent(def, 'PROVIDE_INFO', 'municipality', state.context), actor: other };
    expect(workflow.check(state.snapshot, event)).toMatchObject({ ok: false, code: 'ROLE_FORBIDDEN' });
    expect(workflow.allowedEvents(state.snapshot, actorFor('municipality'))).toEqual(['COMMENT', 'PROVIDE_INFO']);
  });

  it('applies the default communication plan on a decision and reports the rollout effect', () => {
    const state = inDialogue();
    const next = workflow.transition(state.snapshot, {
      ...machineEvent(def, 'DECIDE', 'steering_group', state.context),
      payload: { outcome: 'approved', rationale: 'Ja', meetingReference: 'PSG 1', plannedGoLive: '2025-11-12' },
    });
    expect(next.state).toBe('decided');
    expect(next.context.decision).toMatchObject({ outcome: 'approved', plannedGoLive: '2025-11-12' });
    expect(next.context.communicationActions.map((a) => [a.id, a.audience])).toEqual([
      ['k1', 'internal'],
      ['k2', 'internal'],
      ['k3', 'internal'],
      ['k4', 'external'],
      ['k5', 'external'],
    ]);
    expect(next.effects).toEqual([{ type: 'updateRolloutPlan', params: {} }]);
  });

  it('refuses to complete communication while an action is open, and names it', () => {
    let state = run([['SUBMIT', 'vastkom'], ['ACKNOWLEDGE', 'vgr'], ['RECORD_IMPACT', 'vgr'], ['DECIDE', 'steering_group']]);
    for (const id of ['k1', 'k2', 'k3', 'k4']) {
      state = workflow.transition(state.snapshot, { ...machineEvent(def, 'RECORD_COMMUNICATION', 'communications', state.context), payload: { actionId: id } });
    }
    const complete = machineEvent(def, 'COMPLETE_COMMUNICATION', 'communications', state.context);
    expect(workflow.check(state.snapshot, complete)).toEqual({
      ok: false,
      code: 'PRECONDITION_FAILED',
      message: 'Planned communication actions are still open: k5',
    });
    const again = { ...machineEvent(def, 'RECORD_COMMUNICATION', 'communications', state.context), payload: { actionId: 'k1' } };
    expect(workflow.check(state.snapshot, again)).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
  });

  it('validates payloads against the definition, one message per field', () => {
    expect(workflow.validatePayload('WITHDRAW', {})).toEqual([{ field: 'reason', message: 'is required' }]);
    expect(workflow.validatePayload('PLAN_COMMUNICATION', { audience: 'everyone', channel: 'Radio', plannedAt: '2024-02-30' })).toEqual([
      { field: 'audience', message: 'must be one of: internal, external' },
      { field: 'plannedAt', message: 'must be a valid date' },
    ]);
    expect(workflow.validatePayload('PLAN_COMMUNICATION', { audience: 'external', channel: 'Radio', plannedAt: '2024-02-29' })).toEqual([]);
  });
});

describe('stockholmDate', () => {
  it('plans communication on the Swedish calendar day, not the UTC one', () => {
    expect(stockholmDate('2024-10-10T22:30:00.000Z')).toBe('2024-10-11');
    expect(stockholmDate('2024-12-31T12:00:00.000Z')).toBe('2024-12-31');
  });
});
