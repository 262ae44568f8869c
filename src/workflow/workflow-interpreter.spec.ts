import { join } from 'node:path';
import { actorFor, draftContext, machineEvent } from '../../test/support/workflow-driver';
import { CHANGE_REQUEST_BEHAVIOURS, EFFECTS } from '../change-requests/change-request-behaviours';
import type { ChangeRequestContext } from '../change-requests/change-request.types';
import type { WorkflowInterpreter } from './workflow-interpreter';
import { loadWorkflows } from './workflow-loader';
import { WORKFLOW_KINDS } from '../workflow-kinds';
import type { MachineEvent, Step } from './workflow.types';

const workflow = loadWorkflows(join(__dirname, '..', '..', 'workflows'), WORKFLOW_KINDS).get(
  'andringsbegaran',
) as WorkflowInterpreter<ChangeRequestContext>;
const def = workflow.definition;
type C = ChangeRequestContext;

function take(state: Step<C>, event: MachineEvent): Step<C> {
  const decision = workflow.decide(state.restored as never, event);
  if (!decision.ok) throw new Error(`${event.type}: ${decision.refusal.message}`);
  return decision.next;
}

function run(steps: [string, Parameters<typeof actorFor>[0], Record<string, unknown>?][]): Step<C> {
  let state = workflow.start(draftContext());
  for (const [type, role, payload] of steps) {
    state = take(state, { ...machineEvent(def, type, role, state.context), ...(payload ? { payload } : {}) });
  }
  return state;
}

const inDialogue = () => run([['SUBMIT', 'vastkom'], ['ACKNOWLEDGE', 'vgr'], ['RECORD_IMPACT', 'vgr']]);

describe('the andringsbegaran workflow interpreter', () => {
  it('keeps transitions pure: the same state and event give the same next step', () => {
    const state = inDialogue();
    const event = machineEvent(def, 'DECIDE', 'steering_group', state.context);
    const a = workflow.decide(state.restored as never, event);
    const b = workflow.decide(state.restored as never, event);
    expect(a.ok && b.ok && a.next.persisted).toEqual(b.ok && b.next.persisted);
    expect(workflow.allowedEvents(state.restored, actorFor('steering_group'), event.at)).toEqual(['DECIDE']);
  });

  it('restores what it persisted: a stored snapshot decides like the live one', () => {
    const state = inDialogue();
    const stored = JSON.parse(JSON.stringify(state.persisted));
    const event = machineEvent(def, 'REQUEST_INFO', 'vgr', state.context);
    const live = workflow.decide(state.restored as never, event);
    const restored = workflow.decide(workflow.restore(stored), event);
    expect(restored.ok && restored.next.stateValue).toEqual({ dialogue: 'awaiting_requester' });
    expect(restored.ok && restored.next.persisted).toEqual(live.ok && live.next.persisted);
  });

  it('refuses with the API’s own codes, worked out only after the machine said no', () => {
    const draft = workflow.start(draftContext());
    const restored = draft.restored as never;
    expect(workflow.decide(restored, machineEvent(def, 'DECIDE', 'vgr', draft.context))).toEqual({
      ok: false,
      refusal: { code: 'FORBIDDEN', message: 'Role "vgr" may not send DECIDE' },
    });
    expect(workflow.decide(restored, machineEvent(def, 'DECIDE', 'steering_group', draft.context))).toEqual({
      ok: false,
      refusal: { code: 'STATE_CONFLICT', message: 'DECIDE is not allowed in state "draft"' },
    });
    const dialogue = run([['SUBMIT', 'vastkom'], ['ACKNOWLEDGE', 'vgr']]);
    expect(workflow.decide(dialogue.restored as never, machineEvent(def, 'DECIDE', 'steering_group', dialogue.context))).toEqual({
      ok: false,
      refusal: {
        code: 'PRECONDITION_FAILED',
        message: 'An impact assessment must be recorded before the steering group decides',
        guard: 'hasImpactAssessment',
      },
    });
  });

  it('refuses a decision by the person who submitted the request (segregation of duties)', () => {
    const state = inDialogue();
    const submitter = { ...actorFor('steering_group'), id: actorFor('vastkom').id };
    const event = { ...machineEvent(def, 'DECIDE', 'steering_group', state.context), actor: submitter };
    expect(workflow.decide(state.restored as never, event)).toEqual({
      ok: false,
      refusal: { code: 'FORBIDDEN', message: 'The person who submitted a change request may not decide it', guard: 'notSubmitter' },
    });
    expect(workflow.allowedEvents(state.restored, submitter, event.at)).toEqual([]);
  });

  it('lets a municipality act only for a requesting organisation', () => {
    const state = run([['SUBMIT', 'vastkom'], ['ACKNOWLEDGE', 'vgr'], ['REQUEST_INFO', 'vgr']]);
    const other = { ...actorFor('municipality'), organisationId: 'uddevalla', actsFor: ['uddevalla'] };
    const event = { ...machineEvent(def, 'PROVIDE_INFO', 'municipality', state.context), actor: other };
    const refused = workflow.decide(state.restored as never, event);
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
    expect(workflow.allowedEvents(state.restored, actorFor('municipality'), event.at)).toEqual(['COMMENT', 'PROVIDE_INFO']);
  });

  it('names the effects a transition declares, in order, and keeps counts and open actions in the context', () => {
    const state = inDialogue();
    const next = take(state, {
      ...machineEvent(def, 'DECIDE', 'steering_group', state.context),
      payload: { outcome: 'approved', rationale: 'Ja', meetingReference: 'PSG 1', plannedGoLive: '2025-11-12' },
    });
    expect(next.state).toBe('decided');
    expect(next.context.decision).toMatchObject({ outcome: 'approved', plannedGoLive: '2025-11-12' });
    expect(next.context.openActions).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
    expect(next.context.counts).toEqual({ thread: 0, communication: 5, spokespersons: 0 });
    expect(next.effects).toEqual([
      { type: 'applyDefaultCommunicationPlan', params: {} },
      { type: 'updateRolloutPlan', params: {} },
    ]);
    const comment = take(next, machineEvent(def, 'COMMENT', 'vgr', next.context));
    expect(comment.effects).toEqual([{ type: 'appendToThread', params: {} }]);
    expect(comment.context.counts.thread).toBe(1);
  });

  it('refuses to complete communication while an action is open, and names it', () => {
    let state = run([['SUBMIT', 'vastkom'], ['ACKNOWLEDGE', 'vgr'], ['RECORD_IMPACT', 'vgr'], ['DECIDE', 'steering_group']]);
    for (const id of ['k1', 'k2', 'k3', 'k4']) {
      state = take(state, { ...machineEvent(def, 'RECORD_COMMUNICATION', 'communications', state.context), payload: { actionId: id } });
    }
    const complete = machineEvent(def, 'COMPLETE_COMMUNICATION', 'communications', state.context);
    expect(workflow.decide(state.restored as never, complete)).toMatchObject({
      ok: false,
      refusal: { code: 'PRECONDITION_FAILED', message: 'Planned communication actions are still open: k5' },
    });
    const again = { ...machineEvent(def, 'RECORD_COMMUNICATION', 'communications', state.context), payload: { actionId: 'k1' } };
    expect(workflow.decide(state.restored as never, again)).toMatchObject({ ok: false, refusal: { code: 'PRECONDITION_FAILED' } });
  });

  it('marks the draft state with its tag and a final state as final', () => {
    expect(workflow.start(draftContext()).tags).toEqual(['draft']);
    const withdrawn = run([['WITHDRAW', 'vastkom']]);
    expect(withdrawn).toMatchObject({ state: 'withdrawn', final: true, tags: [] });
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

describe('the change-request behaviours', () => {
  it('list exactly the actions that are effects as effects', () => {
    const effects = Object.entries(CHANGE_REQUEST_BEHAVIOURS.actions)
      .filter(([, behaviour]) => behaviour.effect)
      .map(([name]) => name);
    expect(effects.sort()).toEqual([...EFFECTS].sort());
  });
});
