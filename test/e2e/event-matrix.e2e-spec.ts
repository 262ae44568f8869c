import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import type { CommunicationAction } from '../../src/change-requests/change-request.types';
import { ROLES, type Role } from '../../src/common/roles';
import { CHANGE_REQUEST_BEHAVIOURS } from '../../src/change-requests/change-request-behaviours';
import { enterLeaf, resolveTarget, stateAt } from '../../src/workflow/workflow-paths';
import type { TransitionDefinition, WorkflowDefinition } from '../../src/workflow/workflow.types';
import { api, expectNoLeak, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';
import { openMeeting } from '../support/meetings';
import { samplePayload } from '../support/workflow-driver';

/**
 * Every role × every event × every reachable leaf state, through HTTP, against what the workflow
 * definition alone says the answer must be:
 *
 *   role not among the event's roles                    → 403
 *   no transition for the event in the state or above   → 409 (state and allowed events named)
 *   role not among the transition's roles               → 403
 *   otherwise                                           → 200
 *
 * The users are chosen so that no "forbidden" guard can bite on a 200 cell: the municipality user
 * is Sjuhärad's (actsForRequester), the steering-group member deciding did not submit
 * (notSubmitter). "Precondition" guards are satisfied by the preparation of each state (the
 * impact assessment is recorded before deciding; `decided` keeps its five default communication
 * actions open so RECORD_COMMUNICATION has one to record) — except allCommunicationDone, which
 * an open action necessarily leaves unmet: those cells are sent to the shared request expecting
 * 409 PRECONDITION_FAILED, left out of its expected allowedEvents, and proven 200 on a fresh
 * request whose actions have all been recorded first.
 *
 * Refused cells all go to one prepared request per state, which must come out unchanged (same
 * body, same history). Each 200 cell gets a freshly prepared request of its own.
 */

const definition = JSON.parse(
  readFileSync(join(__dirname, '../../workflows/andringsbegaran.json'), 'utf8'),
) as WorkflowDefinition;
const EVENTS = Object.keys(definition.events);

/** One demo user per role (SPEC §7). */
const USER: Record<Role, string> = {
  municipality: 'sjuharad.handlaggare',
  vastkom: 'vastkom.handlaggare',
  vgr: 'vgr.handlaggare',
  steering_group: 'styrgrupp.ordforande',
  communications: 'kommunikator',
  auditor: 'revisor',
  admin: 'admin',
};

/** Precondition guards the shared request of a state is prepared *not* to meet (see above). */
const UNMET_IN_SHARED_PREP = new Set(['allCommunicationDone']);

// ---- what the definition says -------------------------------------------------------------

function ancestorsOf(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}

function transitionFor(
  leaf: string,
  event: string,
): { source: string; transition: TransitionDefinition } | null {
  for (const source of ancestorsOf(leaf)) {
    const transition = stateAt(definition, source)?.on?.[event];
    if (transition) return { source, transition };
  }
  return null;
}

/** Leaf states reachable from the initial state along any transition, guards ignored. */
function reachableLeaves(): string[] {
  const start = enterLeaf(definition, definition.initial);
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length) {
    const leaf = queue.shift()!;
    for (const source of ancestorsOf(leaf)) {
      for (const t of Object.values(stateAt(definition, source)?.on ?? {})) {
        if (t.target === undefined) continue;
        const next = enterLeaf(definition, resolveTarget(definition, source, t.target)!);
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  return [...seen];
}

interface Expected {
  status: 200 | 403 | 404 | 409;
  code?: 'FORBIDDEN' | 'STATE_CONFLICT' | 'PRECONDITION_FAILED' | 'NOT_FOUND';
  /** The leaf state a 200 lands in. */
  lands?: string;
  /** Preconditions the shared request does not meet: 409 there, 200 once met. */
  gatedBy?: string[];
}

/** SPEC §2: a draft is seen by the requesting side (and internal audit) only; to anyone else it does not exist. */
const SEES_DRAFTS: ReadonlySet<Role> = new Set<Role>(['municipality', 'vastkom', 'auditor']);

function visible(leaf: string, role: Role): boolean {
  return !(stateAt(definition, leaf)?.tags ?? []).includes('draft') || SEES_DRAFTS.has(role);
}

function expected(leaf: string, role: Role, event: string): Expected {
  if (!visible(leaf, role)) return { status: 404, code: 'NOT_FOUND' };
  if (!definition.events[event].roles.includes(role)) return { status: 403, code: 'FORBIDDEN' };
  const found = transitionFor(leaf, event);
  if (!found) return { status: 409, code: 'STATE_CONFLICT' };
  const { source, transition } = found;
  if (!(transition.roles ?? definition.events[event].roles).includes(role))
    return { status: 403, code: 'FORBIDDEN' };
  const lands =
    transition.target === undefined
      ? leaf
      : enterLeaf(definition, resolveTarget(definition, source, transition.target)!);
  const gatedBy = (transition.guards ?? [])
    .map((g) => g.type)
    .filter((g) => CHANGE_REQUEST_BEHAVIOURS.guards[g].category === 'precondition' && UNMET_IN_SHARED_PREP.has(g));
  return { status: 200, lands, ...(gatedBy.length ? { gatedBy } : {}) };
}

// ---- driving the API ----------------------------------------------------------------------

interface Detail {
  id: string;
  version: number;
  stateValue: unknown;
  allowedEvents: string[];
  communicationActions: CommunicationAction[];
}

function leafOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const [name, child] = Object.entries(value as Record<string, unknown>)[0];
  return `${name}.${leafOf(child)}`;
}

/**
 * The meeting each request in dialogue is on the agenda of (opened with every ordinary member
 * present as soon as its impact assessment is recorded): DECIDE is taken at it (SPEC §10).
 */
const meetingOf = new Map<string, string>();

/** A valid payload from the event's schema (an action id from the request's own open actions). */
function payloadFor(event: string, detail: Detail): Record<string, unknown> {
  const open = detail.communicationActions.filter((a) => a.doneAt === null).map((a) => a.id);
  const payload = samplePayload(definition, event, open);
  if (event === 'DECIDE' && meetingOf.has(detail.id)) payload.meetingId = meetingOf.get(detail.id);
  const schema = definition.events[event].payload as {
    minProperties?: number;
    properties?: Record<string, { type?: unknown; enum?: unknown; format?: unknown }>;
  };
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    if (Object.keys(payload).length >= (schema.minProperties ?? 0)) break;
    if (prop.type === 'string' && !prop.enum && !prop.format) payload[name] = `Text för ${name}`;
  }
  return payload;
}

type Step = { user: string; event: string; eachOpenAction?: boolean };

const RECORD_EVERY_ACTION: Step = {
  user: USER.communications,
  event: 'RECORD_COMMUNICATION',
  eachOpenAction: true,
};
const TO_SUBMITTED: Step[] = [{ user: USER.vastkom, event: 'SUBMIT' }];
const TO_OPEN: Step[] = [
  ...TO_SUBMITTED,
  { user: USER.vgr, event: 'ACKNOWLEDGE' },
  { user: USER.vgr, event: 'RECORD_IMPACT' },
];
const TO_DECIDED: Step[] = [...TO_OPEN, { user: 'styrgrupp.ledamot', event: 'DECIDE' }];

/** How each leaf state is reached from a fresh draft of Sjuhärad's. */
const PREP: Record<string, Step[]> = {
  draft: [],
  submitted: TO_SUBMITTED,
  'dialogue.open': TO_OPEN,
  'dialogue.awaiting_requester': [...TO_OPEN, { user: USER.vgr, event: 'REQUEST_INFO' }],
  decided: TO_DECIDED,
  communicated: [
    ...TO_DECIDED,
    RECORD_EVERY_ACTION,
    { user: USER.communications, event: 'COMPLETE_COMMUNICATION' },
  ],
  withdrawn: [{ user: USER.municipality, event: 'WITHDRAW' }],
};

/** Extra steps that meet a precondition the shared preparation leaves unmet. */
const MEET: Record<string, Step[]> = {
  allCommunicationDone: [RECORD_EVERY_ACTION],
};

describe('role × event × state matrix (e2e)', () => {
  const leaves = reachableLeaves();
  let t: TestApp;
  let call: ReturnType<typeof api>;
  const shared = new Map<string, string>();

  const detail = async (id: string, user = USER.auditor): Promise<Detail> =>
    (await call.get(user, `/api/change-requests/${id}`).expect(200)).body as Detail;
  const history = async (id: string): Promise<unknown[]> =>
    (await call.get(USER.auditor, `/api/change-requests/${id}/history`).expect(200)).body
      .items as unknown[];

  async function run(id: string, steps: Step[]): Promise<void> {
    for (const step of steps) {
      const current = await detail(id);
      const times = step.eachOpenAction
        ? current.communicationActions.filter((a) => a.doneAt === null).length
        : 1;
      for (let i = 0; i < times; i++) {
        const body = payloadFor(step.event, await detail(id));
        const res = await call.event(step.user, id, { type: step.event, ...body });
        if (res.status !== 200)
          throw new Error(`${step.user} ${step.event}: ${res.status} ${res.text}`);
        if (step.event === 'RECORD_IMPACT') meetingOf.set(id, (await openMeeting(call, [id]))!);
      }
    }
  }

  async function prepare(leaf: string, extra: Step[] = []): Promise<string> {
    const res = await call
      .post(USER.municipality, '/api/change-requests', SJUHARAD_DRAFT)
      .expect(201);
    const id = res.body.id as string;
    await run(id, [...PREP[leaf], ...extra]);
    expect(leafOf((await detail(id)).stateValue)).toBe(leaf);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
    for (const leaf of leaves) shared.set(leaf, await prepare(leaf));
  });
  afterAll(() => t?.close());

  it('derives the leaf states from the definition and has a preparation for each', () => {
    expect([...leaves].sort()).toEqual(Object.keys(PREP).sort());
    // The spec's seven, so a definition that lost a state would be noticed here too.
    expect(leaves).toEqual(
      expect.arrayContaining([
        'draft',
        'submitted',
        'dialogue.open',
        'dialogue.awaiting_requester',
        'decided',
        'communicated',
        'withdrawn',
      ]),
    );
    for (const event of Object.values(definition.events)) {
      for (const role of event.roles) expect(ROLES).toContain(role);
    }
  });

  it('the shared decided request has open communication actions, so RECORD_COMMUNICATION has one to record', async () => {
    const actions = (await detail(shared.get('decided')!)).communicationActions;
    expect(actions.some((a) => a.doneAt === null)).toBe(true);
  });

  const cells = leaves.flatMap((leaf) => ROLES.map((role) => [leaf, role] as const));

  it.each(cells)('%s × %s: every event answers as the definition says', async (leaf, role) => {
    const user = USER[role];
    const id = shared.get(leaf)!;
    const before = await detail(id);
    const historyBefore = await history(id);

    const wanted: Record<string, string> = {};
    const got: Record<string, string> = {};
    const succeeding: string[] = [];
    const sendTo = async (target: Detail, event: string): Promise<Response> => {
      const res = await call.event(user, target.id, { type: event, ...payloadFor(event, target) });
      expectNoLeak(res);
      return res;
    };

    for (const event of EVENTS) {
      const want = expected(leaf, role, event);
      if (want.status !== 200 || want.gatedBy) {
        // Refused on the shared request.
        const code = want.gatedBy ? 'PRECONDITION_FAILED' : want.code;
        wanted[event] = `${want.status === 200 ? 409 : want.status} ${code}`;
        const res = await sendTo(before, event);
        got[event] = `${res.status} ${res.body.code}`;
        if (res.status === 409) {
          expect(res.body).toMatchObject({
            state: expect.any(String),
            allowedEvents: expect.any(Array),
          });
          expect(leafOf(res.body.stateValue)).toBe(leaf);
        }
      }
      if (want.status === 200) succeeding.push(event);
    }

    for (const event of succeeding) {
      const want = expected(leaf, role, event);
      const fresh = await prepare(
        leaf,
        (want.gatedBy ?? []).flatMap((g) => MEET[g]),
      );
      const freshBefore = await detail(fresh, user);
      const freshHistory = await history(fresh);
      const res = await sendTo(freshBefore, event);
      wanted[`${event} (fresh)`] =
        `200 → ${want.lands} (v${freshBefore.version + 1}, offered: true)`;
      got[`${event} (fresh)`] =
        `${res.status} → ${res.status === 200 ? leafOf(res.body.stateValue) : res.body.code} ` +
        `(v${res.body.version}, offered: ${freshBefore.allowedEvents.includes(event)})`;
      if (res.status === 200) {
        // One entry for the event; an approved schedule change adds the rollout plan's change after it.
        const added = ((await history(fresh)) as { eventType: string }[]).slice(freshHistory.length);
        expect(added.map((e) => e.eventType)).toEqual(event === 'DECIDE' ? [event, 'ROLLOUT_PLAN_CHANGED'] : [event]);
      }
    }

    expect(got).toEqual(wanted);

    // Nothing refused changed anything.
    expect(await detail(id)).toEqual(before);
    expect(await history(id)).toEqual(historyBefore);

    // What GET offers this role is exactly what succeeds, minus the preconditions left unmet.
    if (!visible(leaf, role)) {
      await call.get(user, `/api/change-requests/${id}`).expect(404);
      return;
    }
    const offered = (await detail(id, user)).allowedEvents;
    const ungated = succeeding.filter((event) => !expected(leaf, role, event).gatedBy);
    expect([...offered].sort()).toEqual([...ungated].sort());
  });
});
