import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { ROLES, type Role } from '../../src/common/roles';
import { enterLeaf, resolveTarget, stateAt } from '../../src/workflow/workflow-paths';
import type { TransitionDefinition, WorkflowDefinition } from '../../src/workflow/workflow.types';
import { api, expectNoLeak, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';
import { ORDINARY_MEMBERS } from '../support/meetings';

/**
 * Every role × every event × every reachable leaf state of the meeting workflow
 * (workflows/sammantrade.json), through HTTP, against what the definition alone says:
 *
 *   role not among the event's roles                    → 403
 *   no transition for the event in the state or above   → 409 (state and allowed events named)
 *   otherwise                                           → 200, landing where the definition says
 *
 * The acting users are chosen so no guard bites on a 200 cell: VGR is the secretary, the
 * steering-group user is the chair (present, took part in the decided item, signs last). Each
 * state is prepared the same way: two requests on the agenda, the first decided with every
 * ordinary member present, the second undecided (for jäv); the justerare signs before the chair.
 * Refused cells go to one prepared meeting per state, which must come out unchanged.
 */

const definition = JSON.parse(readFileSync(join(__dirname, '../../workflows/sammantrade.json'), 'utf8')) as WorkflowDefinition;
const EVENTS = Object.keys(definition.events);

const USER: Record<Role, string> = {
  municipality: 'sjuharad.handlaggare',
  vastkom: 'vastkom.handlaggare',
  vgr: 'vgr.handlaggare',
  steering_group: 'styrgrupp.ordforande',
  communications: 'kommunikator',
  auditor: 'revisor',
  admin: 'admin',
};

/** Each reachable leaf, and the events that take a fresh meeting there from planned. */
const PREP: Record<string, string[]> = {
  planned: [],
  opened: ['OPEN', 'DECIDE_FIRST'],
  'closed.unsigned': ['OPEN', 'DECIDE_FIRST', 'CLOSE'],
  'closed.partly_signed': ['OPEN', 'DECIDE_FIRST', 'CLOSE', 'SIGN_JUSTERARE'],
  justerat: ['OPEN', 'DECIDE_FIRST', 'CLOSE', 'SIGN_JUSTERARE', 'SIGN_CHAIR'],
  cancelled: ['CANCEL'],
};

function transitionFor(leaf: string, event: string): { source: string; transition: TransitionDefinition } | null {
  const parts = leaf.split('.');
  for (let i = parts.length; i > 0; i--) {
    const source = parts.slice(0, i).join('.');
    const transition = stateAt(definition, source)?.on?.[event];
    if (transition) return { source, transition };
  }
  return null;
}

function expected(leaf: string, role: Role, event: string): { status: number; lands?: string } {
  if (!definition.events[event].roles.includes(role)) return { status: 403 };
  const found = transitionFor(leaf, event);
  if (!found) return { status: 409 };
  const { source, transition } = found;
  if (!(transition.roles ?? definition.events[event].roles).includes(role)) return { status: 403 };
  return { status: 200, lands: transition.target === undefined ? leaf : enterLeaf(definition, resolveTarget(definition, source, transition.target)!) };
}

function leafOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const [name, child] = Object.entries(value as Record<string, unknown>)[0];
  return `${name}.${leafOf(child)}`;
}

interface Prepared {
  id: string;
  decided: string;
  undecided: string;
}

describe('meeting role × event × state matrix (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  const shared = new Map<string, Prepared>();

  async function readyRequest(): Promise<string> {
    const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id as string;
    await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
    await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE' }).expect(200);
    await call.event('vgr.handlaggare', id, { type: 'RECORD_IMPACT', text: 'Ingen påverkan.' }).expect(200);
    return id;
  }

  const meetingEvent = (user: string, id: string, body: Record<string, unknown>) => call.post(user, `/api/meetings/${id}/events`, body);
  const sha = async (id: string) => (await call.get('vgr.handlaggare', `/api/meetings/${id}`).expect(200)).body.protocolSha256 as string;

  async function prepare(leaf: string): Promise<Prepared> {
    const id = (await call.post('vgr.handlaggare', '/api/meetings', { title: 'Programstyrgruppen Millennium', startsAt: new Date().toISOString() }).expect(201)).body.id;
    const [decided, undecided] = [await readyRequest(), await readyRequest()];
    for (const changeRequestId of [decided, undecided]) await call.post('vgr.handlaggare', `/api/meetings/${id}/agenda`, { changeRequestId }).expect(200);
    for (const step of PREP[leaf]) {
      if (step === 'OPEN') await meetingEvent('vgr.handlaggare', id, { type: 'OPEN', present: ORDINARY_MEMBERS, justerare: 'styrgrupp.ledamot' }).expect(200);
      if (step === 'DECIDE_FIRST') await call.event('styrgrupp.ordforande', decided, { type: 'DECIDE', outcome: 'approved', rationale: 'Bifall.', meetingId: id }).expect(200);
      if (step === 'CLOSE') await meetingEvent('vgr.handlaggare', id, { type: 'CLOSE' }).expect(200);
      if (step === 'SIGN_JUSTERARE') await call.post('styrgrupp.ledamot', `/api/meetings/${id}/signatures`, { protocolSha256: await sha(id) }).expect(200);
      if (step === 'SIGN_CHAIR') await call.post('styrgrupp.ordforande', `/api/meetings/${id}/signatures`, { protocolSha256: await sha(id) }).expect(200);
      if (step === 'CANCEL') await meetingEvent('vgr.handlaggare', id, { type: 'CANCEL', reason: 'Inställt.' }).expect(200);
    }
    expect(leafOf((await call.get('vgr.handlaggare', `/api/meetings/${id}`).expect(200)).body.stateValue)).toBe(leaf);
    return { id, decided, undecided };
  }

  async function payloadFor(event: string, role: Role, meeting: Prepared): Promise<Record<string, unknown>> {
    switch (event) {
      case 'ADD_TO_AGENDA':
        return { changeRequestId: await readyRequest() };
      case 'OPEN':
        return { present: ORDINARY_MEMBERS, justerare: 'styrgrupp.ledamot' };
      case 'UPDATE_ATTENDANCE':
        return { present: ORDINARY_MEMBERS };
      case 'DECLARE_RECUSAL':
        return { changeRequestId: meeting.undecided, memberId: role === 'steering_group' ? USER.steering_group : 'styrgrupp.vastkom1', reason: 'Part i ärendet.' };
      case 'RECORD_RESERVATION':
        return { changeRequestId: meeting.decided, text: 'Jag reserverar mig.' };
      case 'SIGN':
        return { protocolSha256: await sha(meeting.id) };
      case 'CANCEL':
        return { reason: 'Inställt.' };
      default:
        return {};
    }
  }

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    for (const leaf of Object.keys(PREP)) shared.set(leaf, await prepare(leaf));
  }, 300_000);
  afterAll(() => t?.close());

  it('prepares every leaf state the definition can reach', () => {
    const leaves: string[] = [];
    const walk = (states: WorkflowDefinition['states'], prefix: string) => {
      for (const [name, s] of Object.entries(states)) {
        if (s.states) walk(s.states, `${prefix}${name}.`);
        else leaves.push(`${prefix}${name}`);
      }
    };
    walk(definition.states, '');
    expect(leaves.sort()).toEqual(Object.keys(PREP).sort());
  });

  const cells = Object.keys(PREP).flatMap((leaf) => ROLES.map((role) => [leaf, role] as const));

  it.each(cells)('%s × %s: every meeting event answers as the definition says', async (leaf, role) => {
    const user = USER[role];
    const meeting = shared.get(leaf)!;
    const before = (await call.get('vgr.handlaggare', `/api/meetings/${meeting.id}`).expect(200)).body;
    const wanted: Record<string, string> = {};
    const got: Record<string, string> = {};
    for (const event of EVENTS) {
      const want = expected(leaf, role, event);
      if (want.status === 200) {
        const fresh = await prepare(leaf);
        const res: Response = await meetingEvent(user, fresh.id, { type: event, ...(await payloadFor(event, role, fresh)) });
        expectNoLeak(res);
        wanted[event] = `200 → ${want.lands}`;
        got[event] = `${res.status} → ${res.status === 200 ? leafOf(res.body.stateValue) : res.body.message}`;
      } else {
        const res: Response = await meetingEvent(user, meeting.id, { type: event, ...(await payloadFor(event, role, meeting)) });
        expectNoLeak(res);
        wanted[event] = String(want.status);
        got[event] = String(res.status);
        if (res.status === 409) expect(res.body).toMatchObject({ state: expect.any(String), allowedEvents: expect.any(Array) });
      }
    }
    expect(got).toEqual(wanted);
    const after = (await call.get('vgr.handlaggare', `/api/meetings/${meeting.id}`).expect(200)).body;
    expect({ version: after.version, stateValue: after.stateValue }).toEqual({ version: before.version, stateValue: before.stateValue });
  }, 120_000);
});
