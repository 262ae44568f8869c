import { createTestApp, TestApp } from '../support/create-test-app';
import { api, SJUHARAD_DRAFT, SEED_CIRCUMSTANCES } from '../support/api';

/**
 * Seed 002, end to end through HTTP: Sjuhärads kommunalförbund's request to join Millennium later
 * than 12 November, submitted by VästKom on Friday 11 October 2024, through dialogue, the steering
 * group's decision and VGR's communication actions.
 */
describe('seed 002 replay (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  let id: string;

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(() => t?.close());

  const allowed = async (userId: string) => (await call.get(userId, `/api/change-requests/${id}`).expect(200)).body.allowedEvents;

  it('Sjuhärad creates the draft; only the requester side may act on it', async () => {
    const res = await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201);
    id = res.body.id;
    expect(res.body).toMatchObject({
      state: 'draft',
      stateValue: 'draft',
      stateLabel: 'Utkast',
      version: 1,
      reference: null,
      requestingOrganisations: ['sjuharad'],
      requestedGoLive: null,
      type: 'schedule',
      allowedEvents: ['EDIT', 'COMMENT', 'WITHDRAW'],
    });
    expect(await allowed('vastkom.handlaggare')).toEqual(['EDIT', 'SUBMIT', 'COMMENT', 'WITHDRAW']);
    // A draft is the requesting side's working material (SPEC §2): nobody else sees it yet.
    for (const other of ['vgr.handlaggare', 'admin', 'styrgrupp.ordforande', 'kommunikator']) {
      await call.get(other, `/api/change-requests/${id}`).expect(404);
    }
    // Internal audit reads it (the decision history stays complete), but may not act.
    expect(await allowed('revisor')).toEqual([]);
    await call.get('uddevalla.handlaggare', `/api/change-requests/${id}`).expect(404);
    // Borås is a member of Sjuhärad, but a municipality user sees only its own organisation's requests.
    await call.get('boras.handlaggare', `/api/change-requests/${id}`).expect(404);
  });

  it('VästKom submits it formally: registration number and received-at are assigned', async () => {
    const res = await call.event('vastkom.handlaggare', id, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    expect(res.body.state).toBe('submitted');
    expect(res.body.version).toBe(2);
    expect(res.body.reference).toMatch(/^ÄB-\d{4}-0001$/);
    expect(res.body.receivedAt).toEqual(expect.any(String));
    expect(res.body.submittedBy).toMatchObject({ id: 'vastkom.handlaggare', role: 'vastkom' });
    expect(res.body.allowedEvents).toEqual(['COMMENT', 'WITHDRAW']);
    expect(await allowed('vgr.handlaggare')).toEqual(['ACKNOWLEDGE', 'COMMENT', 'WRITE_REPORT_NARRATIVE']);
    expect(await allowed('sjuharad.handlaggare')).toEqual(['COMMENT']);
  });

  it('VGR acknowledges receipt and opens the dialogue', async () => {
    const res = await call
      .event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE', comment: 'Ändringsbegäran mottagen fredag 11 oktober.' })
      .expect(200);
    expect(res.body).toMatchObject({ state: 'dialogue', stateValue: { dialogue: 'open' }, stateLabel: 'Pågående dialog' });
    expect(res.body.thread).toEqual([
      expect.objectContaining({ kind: 'ACKNOWLEDGE', text: 'Ändringsbegäran mottagen fredag 11 oktober.' }),
    ]);
    expect(res.body.allowedEvents).toEqual(['COMMENT', 'REQUEST_INFO', 'RECORD_IMPACT', 'WRITE_REPORT_NARRATIVE']);
    expect(await allowed('styrgrupp.ordforande')).toEqual([]);
  });

  it('VGR requests information and Sjuhärad provides it', async () => {
    let res = await call
      .event('vgr.handlaggare', id, { type: 'REQUEST_INFO', text: 'Vilket datum planerar kommunerna för anslutning?' })
      .expect(200);
    expect(res.body.stateValue).toEqual({ dialogue: 'awaiting_requester' });
    expect(await allowed('sjuharad.handlaggare')).toEqual(['COMMENT', 'PROVIDE_INFO']);
    expect(await allowed('vgr.handlaggare')).toEqual(['COMMENT', 'RECORD_IMPACT', 'WRITE_REPORT_NARRATIVE']);
    res = await call
      .event('sjuharad.handlaggare', id, { type: 'PROVIDE_INFO', text: 'Senare, datum ännu inte fastställt.' })
      .expect(200);
    expect(res.body.stateValue).toEqual({ dialogue: 'open' });
    expect(res.body.thread.map((e: { kind: string }) => e.kind)).toEqual(['ACKNOWLEDGE', 'REQUEST_INFO', 'PROVIDE_INFO']);
  });

  it('VästKom comments and VGR records the impact assessment', async () => {
    await call
      .event('vastkom.handlaggare', id, { type: 'COMMENT', text: 'VästKom företräder kommunerna i dialogen.' })
      .expect(200);
    const impact =
      'Tidplanen för VGR:s verksamheter påverkas inte. Befintlig lösning för samverkan används ytterligare en tid.';
    const res = await call.event('vgr.handlaggare', id, { type: 'RECORD_IMPACT', text: impact }).expect(200);
    expect(res.body.impactAssessment).toMatchObject({ text: impact, by: { id: 'vgr.handlaggare' } });
    expect(await allowed('styrgrupp.ordforande')).toEqual(['DECIDE']);
  });

  it('the steering group decides: approved, with rationale and meeting reference', async () => {
    const res = await call
      .decide('styrgrupp.ordforande', id, {
        type: 'DECIDE',
        outcome: 'approved',
        rationale: 'Vi har respekt för kommunernas begäran; tidplanen för VGR påverkas inte.',
        meetingReference: 'Programstyrgruppen 2024-10-11, § 4',
      })
      .expect(200);
    expect(res.body.state).toBe('decided');
    expect(res.body.decision).toMatchObject({
      outcome: 'approved',
      meetingReference: 'Programstyrgruppen 2024-10-11, § 4',
      conditions: null,
      by: { id: 'styrgrupp.ordforande', role: 'steering_group' },
    });
    expect(res.body.communicationActions.map((a: { audience: string; channel: string }) => `${a.audience}:${a.channel}`)).toEqual([
      'internal:Mejlutskick program Millennium',
      'internal:Nyhetstext på Insidan',
      'internal:Information till privata vårdgivare',
      'external:Pressmeddelande',
      'external:Extern nyhetstext Vårdskiftet',
    ]);
    expect(await allowed('kommunikator')).toEqual([
      'PLAN_COMMUNICATION',
      'RECORD_COMMUNICATION',
      'RESCHEDULE_COMMUNICATION',
      'CANCEL_COMMUNICATION',
      'ADD_SPOKESPERSON',
      'WRITE_REPORT_NARRATIVE',
      'RECORD_ORGANISATION_COMMENT',
    ]);
  });

  it('communications records every action, spokesperson and comment, then marks it communicated', async () => {
    let res = await call.event('kommunikator', id, { type: 'COMPLETE_COMMUNICATION' }).expect(409);
    expect(res.body).toMatchObject({ state: 'decided' });
    expect(res.body.message).toMatch(/still open/);
    const detail = (await call.get('kommunikator', `/api/change-requests/${id}`)).body;
    for (const action of detail.communicationActions) {
      res = await call
        .event('kommunikator', id, {
          type: 'RECORD_COMMUNICATION',
          actionId: action.id,
          ...(action.audience === 'external' ? { link: 'https://www.vgregion.se/vardskiftet' } : {}),
        })
        .expect(200);
    }
    expect(res.body.communicationActions.every((a: { doneAt: string | null }) => a.doneAt !== null)).toBe(true);
    expect(res.body.communicationActions[3]).toMatchObject({ link: 'https://www.vgregion.se/vardskiftet', doneBy: { id: 'kommunikator' } });
    await call
      .event('kommunikator', id, {
        type: 'ADD_SPOKESPERSON',
        name: 'Karin Looström Muth',
        title: 'hälso- och sjukvårdsutvecklingsdirektör',
      })
      .expect(200);
    // "Kända omständigheter" as seed 002 words it for its readers: edited text, not the dialogue's log.
    await call.event('kommunikator', id, { type: 'WRITE_REPORT_NARRATIVE', text: SEED_CIRCUMSTANCES }).expect(200);
    await call
      .event('kommunikator', id, {
        type: 'RECORD_ORGANISATION_COMMENT',
        text: 'Det är såklart tråkigt om kommunerna inte kommer med i inledningen, men vi har respekt för deras begäran.\nTidplanen för VGR:s verksamheter kommer inte att påverkas i och med begäran.',
      })
      .expect(200);
    expect(await allowed('kommunikator')).toContain('COMPLETE_COMMUNICATION');
    res = await call.event('kommunikator', id, { type: 'COMPLETE_COMMUNICATION' }).expect(200);
    expect(res.body).toMatchObject({ state: 'communicated', stateLabel: 'Kommunicerad', allowedEvents: [] });
    expect(res.body.spokespersons).toEqual([{ name: 'Karin Looström Muth', title: 'hälso- och sjukvårdsutvecklingsdirektör' }]);
    for (const user of ['vastkom.handlaggare', 'vgr.handlaggare', 'styrgrupp.ledamot', 'sjuharad.handlaggare']) {
      expect(await allowed(user)).toEqual([]);
    }
  });

  it('the history holds one entry per accepted event, with actor, role and states', async () => {
    const res = await call.get('revisor', `/api/change-requests/${id}/history`).expect(200);
    const items = res.body.items as { eventType: string; actorRole: string; stateBefore: string | null; stateAfter: string }[];
    expect(items.map((e) => e.eventType)).toEqual([
      'CREATE',
      'SUBMIT',
      'ACKNOWLEDGE',
      'REQUEST_INFO',
      'PROVIDE_INFO',
      'COMMENT',
      'RECORD_IMPACT',
      // Programstyrgruppen's meeting took it up (its agenda entry concerns this request), then decided it.
      'ADD_TO_AGENDA',
      'DECIDE',
      // The approved postponement moved the rollout plan: its old and new values, in the same transaction.
      'ROLLOUT_PLAN_CHANGED',
      'RECORD_COMMUNICATION',
      'RECORD_COMMUNICATION',
      'RECORD_COMMUNICATION',
      'RECORD_COMMUNICATION',
      'RECORD_COMMUNICATION',
      'ADD_SPOKESPERSON',
      'WRITE_REPORT_NARRATIVE',
      'RECORD_ORGANISATION_COMMENT',
      'COMPLETE_COMMUNICATION',
    ]);
    const decide = items.find((e) => e.eventType === 'DECIDE')!;
    expect(decide).toMatchObject({
      actorRole: 'steering_group',
      stateBefore: JSON.stringify({ dialogue: 'open' }),
      stateAfter: JSON.stringify('decided'),
    });
    const verify = await call.get('revisor', '/api/audit/verify').expect(200);
    // The chain also holds the meeting's planning and opening, which concern no single request.
    expect(verify.body).toMatchObject({ ok: true, entries: items.length + 2 });
  });

  it('lists and filters it', async () => {
    const list = async (query: string, userId = 'vgr.handlaggare') =>
      (await call.get(userId, `/api/change-requests?${query}`).expect(200)).body;
    expect((await list('state=communicated')).items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await list('state=draft')).total).toBe(0);
    expect((await list('organisation=boras')).total).toBe(1);
    expect((await list('organisation=uddevalla')).total).toBe(0);
    expect((await list('type=schedule&text=SJUHÄRADS')).total).toBe(1);
    expect((await list('text=finnsinte')).total).toBe(0);
    expect((await list('', 'uddevalla.handlaggare')).total).toBe(0);
    expect((await list('', 'sjuharad.handlaggare')).items[0]).toMatchObject({ id, state: 'communicated', daysInState: 0 });
  });
});
