import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANGE_REQUEST_BEHAVIOURS } from '../change-requests/change-request-behaviours';
import type { BehaviourRegistry } from './behaviours';
import { validateWorkflowDefinition, WorkflowDefinitionError } from './workflow-validator';

const KINDS = new Map([['change_request', CHANGE_REQUEST_BEHAVIOURS as BehaviourRegistry<unknown>]]);

const PRODUCT = join(__dirname, '..', '..', 'workflows', 'andringsbegaran.json');
/** A parsed definition, freely mutable by the cases below. */
type Definition = ReturnType<typeof JSON.parse>;
const fresh = (): Definition => JSON.parse(readFileSync(PRODUCT, 'utf8'));

function problems(mutate: (def: Definition) => void): string[] {
  const def = fresh();
  mutate(def);
  try {
    validateWorkflowDefinition(def, 'workflows/test.json', KINDS);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    expect((error as Error).message).toContain('workflows/test.json');
    return (error as WorkflowDefinitionError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe('validateWorkflowDefinition', () => {
  it('accepts the product definition', () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  it.each<[string, (def: Definition) => void, string]>([
    ['an unknown role', (d) => (d.events.SUBMIT.roles = ['vastkom', 'mayor']), '$.events.SUBMIT.roles[1]: unknown role "mayor"'],
    ['an admin in a workflow', (d) => (d.events.COMMENT.roles = ['admin']), '$.events.COMMENT.roles[0]: role "admin" may never send workflow events'],
    ['an event without roles', (d) => (d.events.SUBMIT.roles = []), '$.events.SUBMIT.roles: an event needs at least one role'],
    ['an unknown guard', (d) => (d.states.dialogue.on.DECIDE.guards = [{ type: 'decidesAlone' }]), '$.states.dialogue.on.DECIDE.guards[0].type: unknown guard "decidesAlone"'],
    ['an unknown action', (d) => (d.states.draft.on.SUBMIT.actions = ['sendFax']), '$.states.draft.on.SUBMIT.actions[0]: unknown action "sendFax"'],
    ['an unknown target', (d) => (d.states.draft.on.SUBMIT.target = 'limbo'), '$.states.draft.on.SUBMIT.target: unknown state "limbo"'],
    ['a bad payload schema', (d) => (d.events.COMMENT.payload.properties.text.type = 'text'), '$.events.COMMENT.payload: bad payload schema'],
    ['a payload that is not an object schema', (d) => (d.events.COMMENT.payload = { type: 'string' }), '$.events.COMMENT.payload: must be a JSON Schema with "type": "object"'],
    ['an undeclared event', (d) => (d.states.draft.on.FLY = { target: 'submitted' }), '$.states.draft.on.FLY: unknown event "FLY"'],
    ['a transition role outside the event roles', (d) => (d.states.draft.on.SUBMIT.roles = ['vgr']), '$.states.draft.on.SUBMIT.roles[0]: role "vgr" is not among the event\'s roles'],
    [
      'an unreachable state',
      (d) => (d.states.archived = { label: 'Arkiverad', type: 'final' }),
      '$.states.archived: state is unreachable from the initial state',
    ],
    [
      'a non-final state without exit',
      (d) => {
        d.states.decided.on = { COMMENT: { actions: ['appendToThread'] } };
        for (const e of ['PLAN_COMMUNICATION', 'RECORD_COMMUNICATION', 'RESCHEDULE_COMMUNICATION', 'CANCEL_COMMUNICATION', 'ADD_SPOKESPERSON', 'RECORD_ORGANISATION_COMMENT', 'COMPLETE_COMMUNICATION']) {
          delete d.events[e];
        }
      },
      '$.states.decided: non-final state has no transition out of it',
    ],
    ['an event handled at two levels', (d) => (d.states.dialogue.states.open.on.COMMENT = { actions: ['appendToThread'] }), '$.states.dialogue.on.COMMENT: also handled by "dialogue.open"'],
    ['a declared event no state accepts', (d) => (d.events.PING = { label: 'x', roles: ['vgr'], payload: { type: 'object' } }), '$.events.PING: event is declared but no state accepts it'],
    ['a compound state without a valid initial', (d) => (d.states.dialogue.initial = 'nowhere'), '$.states.dialogue.initial: a compound state names one of its children as initial'],
  ])('refuses %s, naming the JSON path', (_name, mutate, expected) => {
    expect(problems(mutate).join('\n')).toContain(expected);
  });

  it.each<[string, (def: Definition) => void, string]>([
    ['an unknown kind', (d) => (d.kind = 'invoice'), '$.kind: unknown kind "invoice"'],
    ['an unknown preparation', (d) => (d.events.SUBMIT.prepare = ['faxIt']), '$.events.SUBMIT.prepare[0]: unknown preparation "faxIt"'],
    ['an edit event that is not declared', (d) => (d.editEvent = 'CHANGE'), '$.editEvent: unknown event "CHANGE"'],
    ['a lower-case event name (schema)', (d) => (d.events.submit = d.events.SUBMIT), '$.events.submit: event names are UPPER_SNAKE'],
    ['a field the format does not have (schema)', (d) => (d.states.draft.colour = 'blue'), '$.states.draft.colour: is not part of the workflow format'],
    ['a state without a label (schema)', (d) => delete d.states.decided.label, '$.states.decided.label: is required'],
    ['a bad default communication plan', (d) => (d.settings.defaultCommunicationPlan = [{ audience: 'everyone' }]), '$.settings.defaultCommunicationPlan[0]: needs audience internal|external and a channel'],
  ])('refuses %s, naming the JSON path', (_name, mutate, expected) => {
    expect(problems(mutate).join('\n')).toContain(expected);
  });

  it('refuses something that is not an object at all', () => {
    expect(() => validateWorkflowDefinition([], 'workflows/x.json', KINDS)).toThrow('workflows/x.json:\n  $: must be a JSON object');
  });
});
