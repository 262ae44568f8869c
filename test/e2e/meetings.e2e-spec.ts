import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/**
 * Programstyrgruppen decides as a body (SPEC §10): a meeting with an agenda and attendance, a
 * quorate decision with votes, jäv and reservation, a protocol signed by the chair and the
 * justerare, and expediering to the requesting organisation and VästKom.
 */
describe('meetings of programstyrgruppen (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  const SECRETARY = 'vgr.handlaggare';
  const CHAIR = 'styrgrupp.ordforande';
  const JUSTERARE = 'styrgrupp.ledamot';

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(() => t.close());

  /** Seed 002 up to the decision: submitted by VästKom, in dialogue, impact assessment recorded. */
  async function readyToDecide(): Promise<string> {
    const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
    await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
    await call.event(SECRETARY, id, { type: 'ACKNOWLEDGE', comment: 'VGR har mottagit en formell ändringsbegäran.' }).expect(200);
    await call.event(SECRETARY, id, { type: 'RECORD_IMPACT', text: 'Tidplanen för VGR:s verksamheter påverkas inte.' }).expect(200);
    return id;
  }

  async function plannedMeeting(startsAt = '2024-10-11T09:00:00+02:00'): Promise<{ id: string; reference: string }> {
    const body = (await call.post(SECRETARY, '/api/meetings', { title: 'Programstyrgruppen Millennium', startsAt, place: 'Regionens hus' }).expect(201)).body;
    return { id: body.id, reference: body.reference };
  }

  const meetingEvent = (user: string, meetingId: string, body: Record<string, unknown>) => call.post(user, `/api/meetings/${meetingId}/events`, body);

  async function openedMeeting(requestIds: string[], present: string[]): Promise<string> {
    const { id } = await plannedMeeting(new Date().toISOString());
    for (const changeRequestId of requestIds) await call.post(SECRETARY, `/api/meetings/${id}/agenda`, { changeRequestId }).expect(200);
    await meetingEvent(SECRETARY, id, { type: 'OPEN', present, justerare: JUSTERARE }).expect(200);
    return id;
  }

  const decision = { outcome: 'approved', rationale: 'VGR har respekt för kommunernas begäran. Tidplanen för VGR:s verksamheter påverkas inte.' };

  it('replays seed 002 through a meeting: agenda, 3 of 5 present, votes, a reservation, protocol, two signatures, justerat, dispatch', async () => {
    const id = await readyToDecide();
    const meeting = await plannedMeeting();
    expect(meeting.reference).toBe('PSG 2024-10-11');
    await call.post(SECRETARY, `/api/meetings/${meeting.id}/agenda`, { changeRequestId: id }).expect(200);
    const opened = (
      await meetingEvent(SECRETARY, meeting.id, { type: 'OPEN', present: [CHAIR, JUSTERARE, 'styrgrupp.leverantor'], justerare: JUSTERARE }).expect(200)
    ).body;
    expect(opened.state).toBe('opened');
    expect(opened.agenda[0].quorum).toMatchObject({ quorate: true, ordinaryMembers: 5, required: 3, text: 'Beslutsmässigt: 3 av 5' });
    // VästKom submitted the request: its members are warned to consider jäv.
    expect(opened.agenda[0].javWarnings.map((w: { memberId: string }) => w.memberId).sort()).toEqual(['styrgrupp.ersattare.vastkom', 'styrgrupp.vastkom1', 'styrgrupp.vastkom2']);
    expect(opened.agenda[0].javWarnings[0].message).toMatch(/VästKom, som är part i ärendet\. Överväg jäv\./);

    const decided = (
      await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId: meeting.id, votes: { for: 2, against: 1, abstain: 0 } }).expect(200)
    ).body;
    expect(decided.state).toBe('decided');
    expect(decided.decision).toMatchObject({ meetingReference: 'PSG 2024-10-11', decidedOn: '2024-10-11' });
    expect(decided.decision.meeting).toMatchObject({ id: meeting.id, reference: 'PSG 2024-10-11', votes: { for: 2, against: 1, abstain: 0 }, ordinaryMembers: 5, required: 3 });
    expect(decided.decision.meeting.participants.map((p: { id: string }) => p.id)).toEqual([CHAIR, JUSTERARE, 'styrgrupp.leverantor']);

    await meetingEvent('styrgrupp.leverantor', meeting.id, { type: 'RECORD_RESERVATION', changeRequestId: id, text: 'Jag reserverar mig mot beslutet.' }).expect(200);
    const closed = (await meetingEvent(SECRETARY, meeting.id, { type: 'CLOSE' }).expect(200)).body;
    expect(closed.stateValue).toEqual({ closed: 'unsigned' });

    const md = await call.get(CHAIR, `/api/meetings/${meeting.id}/protocol?format=md`).expect(200);
    expect(md.headers['content-type']).toMatch(/text\/markdown/);
    expect(md.headers['x-protocol-sha256']).toBe(closed.protocolSha256);
    expect(md.text).toContain('# Protokoll – Programstyrgruppen Millennium');
    expect(md.text).toContain('§ 1');
    expect(md.text).toContain('Omröstning: 2 för, 1 emot, 0 avstår.');
    expect(md.text).toContain('Jag reserverar mig mot beslutet.');
    expect(md.text).toContain('Frånvarande');
    const html = await call.get(CHAIR, `/api/meetings/${meeting.id}/protocol?format=html`).expect(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('<html lang="sv"');

    const first = (await call.post(CHAIR, `/api/meetings/${meeting.id}/signatures`, { protocolSha256: closed.protocolSha256 }).expect(200)).body;
    expect(first.stateValue).toEqual({ closed: 'partly_signed' });
    const done = (await call.post(JUSTERARE, `/api/meetings/${meeting.id}/signatures`, { protocolSha256: closed.protocolSha256 }).expect(200)).body;
    expect(done.state).toBe('justerat');
    expect(done.justeratAt).toEqual(expect.any(String));
    expect(done.signatures.map((s: { capacity: string; valid: boolean }) => [s.capacity, s.valid])).toEqual([['chair', true], ['justerare', true]]);

    const toSjuharad = (await call.get('sjuharad.handlaggare', '/api/dispatches').expect(200)).body.items;
    expect(toSjuharad).toHaveLength(1);
    expect(toSjuharad[0]).toMatchObject({ organisationId: 'sjuharad', changeRequestId: id, registration: 'PSG 2024-10-11 § 1 sjuharad', acknowledgedAt: null });
    const toVastkom = (await call.get('vastkom.handlaggare', '/api/dispatches').expect(200)).body.items;
    expect(toVastkom.map((m: { organisationId: string }) => m.organisationId)).toEqual(['vastkom']);
    const acknowledged = (await call.post('sjuharad.handlaggare', `/api/dispatches/${toSjuharad[0].id}/acknowledge`, {}).expect(200)).body;
    expect(acknowledged.acknowledgedBy).toBe('sjuharad.handlaggare');
    await call.post('sjuharad.handlaggare', `/api/dispatches/${toSjuharad[0].id}/acknowledge`, {}).expect(409);
    await call.post('boras.handlaggare', `/api/dispatches/${toVastkom[0].id}/acknowledge`, {}).expect(404);
    const notes = (await call.get('sjuharad.handlaggare', '/api/me/notifications').expect(200)).body.items;
    expect(notes.some((n: { kind: string; title: string }) => n.kind === 'dispatch' && n.title.startsWith('Expedierat beslut'))).toBe(true);

    const report = (await call.get('kommunikator', `/api/reports/change-requests/${id}?format=md`).expect(200)).text;
    expect(report).toContain('- **Sammanträde:** PSG 2024-10-11');
    expect(report).toContain('- **Beslutförhet:** 3 av 5 deltog (minst 3 krävs)');
    expect(report).toContain('- **Omröstning:** 2 för, 1 emot, 0 avstår');
    expect(report).toMatch(/- \*\*Protokollet justerat:\*\* \d{4}-\d{2}-\d{2} klockan \d{2}:\d{2}/);
    // The weekly report of the week the decision was registered names the meeting, who took part, and the justering.
    const weekly = (await call.get(SECRETARY, '/api/reports/weekly?format=md').expect(200)).text;
    expect(weekly).toMatch(/PSG 2024-10-11, 3 av 5, justerat \d{4}-\d{2}-\d{2}/);
    const request = (await call.get('sjuharad.handlaggare', `/api/change-requests/${id}`).expect(200)).body;
    expect(request.decision.meeting.justeratAt).toBe(done.justeratAt);
    expect(request.meetings).toEqual([expect.objectContaining({ id: meeting.id, reference: 'PSG 2024-10-11', state: 'justerat' })]);

    const history = (await call.get('revisor', '/api/audit/export?format=jsonl').expect(200)).text.trim().split('\n').map((l) => JSON.parse(l));
    const signatures = history.filter((e) => e.eventType === 'SIGN');
    expect(signatures.map((e) => [e.actorId, e.payload.protocolSha256])).toEqual([[CHAIR, closed.protocolSha256], [JUSTERARE, closed.protocolSha256]]);
    expect(history.filter((e) => e.eventType === 'DISPATCH_DECISION').map((e) => e.payload.organisationId).sort()).toEqual(['sjuharad', 'vastkom']);
    expect((await call.get('revisor', '/api/audit/verify').expect(200)).body.ok).toBe(true);
  });

  it('2 of 5 present: DECIDE is refused naming the quorum, and taken once a third member arrives', async () => {
    const id = await readyToDecide();
    const meetingId = await openedMeeting([id], [CHAIR, JUSTERARE]);
    const refused = await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId }).expect(409);
    expect(refused.body).toMatchObject({ precondition: 'quorum', message: '2 av 5 närvarande; minst 3 krävs', state: 'dialogue' });
    const meeting = (await call.get(CHAIR, `/api/meetings/${meetingId}`).expect(200)).body;
    expect(meeting.agenda[0].quorum.text).toBe('Inte beslutsmässigt: 2 av 5; minst 3 krävs');
    // A substitute serves for an absent ordinary member of the same organisation.
    await meetingEvent(SECRETARY, meetingId, { type: 'UPDATE_ATTENDANCE', present: [CHAIR, JUSTERARE, 'styrgrupp.ersattare.vastkom'] }).expect(200);
    await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId }).expect(200);
  });

  it('a substitute does not serve while every ordinary member of the organisation is present', async () => {
    const id = await readyToDecide();
    const meetingId = await openedMeeting([id], [CHAIR, JUSTERARE, 'styrgrupp.ersattare.vgr']);
    const refused = await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId }).expect(409);
    expect(refused.body.message).toBe('2 av 5 närvarande; minst 3 krävs');
  });

  it('jäv excludes the member from the item and its quorum; a recused member deciding is 403', async () => {
    const id = await readyToDecide();
    const meetingId = await openedMeeting([id], [CHAIR, JUSTERARE, 'styrgrupp.vastkom1']);
    const recused = (
      await meetingEvent('styrgrupp.vastkom1', meetingId, { type: 'DECLARE_RECUSAL', changeRequestId: id, memberId: 'styrgrupp.vastkom1', reason: 'VästKom har lämnat in begäran.' }).expect(200)
    ).body;
    expect(recused.agenda[0].recusals).toMatchObject([{ memberId: 'styrgrupp.vastkom1', reason: 'VästKom har lämnat in begäran.' }]);
    expect(recused.agenda[0].quorum).toMatchObject({ quorate: false, text: 'Inte beslutsmässigt: 2 av 5; minst 3 krävs' });
    const byRecused = await call.event('styrgrupp.vastkom1', id, { type: 'DECIDE', ...decision, meetingId }).expect(403);
    expect(byRecused.body.message).toMatch(/jäv/);
    await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId }).expect(409);
    // Someone else may not declare jäv for a member; the member may not declare it twice.
    await meetingEvent(JUSTERARE, meetingId, { type: 'DECLARE_RECUSAL', changeRequestId: id, memberId: CHAIR, reason: 'x' }).expect(403);
    await meetingEvent('styrgrupp.vastkom1', meetingId, { type: 'DECLARE_RECUSAL', changeRequestId: id, memberId: 'styrgrupp.vastkom1', reason: 'igen' }).expect(409);
    const after = (await call.get(CHAIR, `/api/change-requests/${id}`).expect(200)).body;
    expect(after.state).toBe('dialogue');
  });

  it('votes that contradict the outcome are a 400 that changes nothing', async () => {
    const id = await readyToDecide();
    const meetingId = await openedMeeting([id], [CHAIR, JUSTERARE, 'styrgrupp.leverantor']);
    const contradicting = await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId, votes: { for: 1, against: 2, abstain: 0 } }).expect(400);
    expect(contradicting.body.fields).toEqual([{ field: 'votes', message: 'beslutet har inte majoritet: 1 för, 2 emot' }]);
    const tooMany = await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId, votes: { for: 4, against: 0, abstain: 0 } }).expect(400);
    expect(tooMany.body.fields[0].message).toBe('4 röster men 3 deltar i beslutet');
    expect((await call.get(CHAIR, `/api/change-requests/${id}`).expect(200)).body.state).toBe('dialogue');
  });

  it('DECIDE without meetingId, at a meeting not opened, or for a request not on the agenda is 409 naming the precondition', async () => {
    const id = await readyToDecide();
    const without = await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingReference: 'Programstyrgruppen 2024-10-11' }).expect(409);
    expect(without.body).toMatchObject({ precondition: 'meeting' });
    expect(without.body.message).toMatch(/ange meetingId/);
    const other = await readyToDecide();
    const elsewhere = await openedMeeting([other], [CHAIR, JUSTERARE, 'styrgrupp.leverantor']);
    const notOnAgenda = await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId: elsewhere }).expect(409);
    expect(notOnAgenda.body).toMatchObject({ precondition: 'agenda' });
    const planned = await plannedMeeting(new Date().toISOString());
    await call.post(SECRETARY, `/api/meetings/${planned.id}/agenda`, { changeRequestId: id }).expect(200);
    const notOpened = await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId: planned.id }).expect(409);
    expect(notOpened.body).toMatchObject({ precondition: 'meeting' });
    expect(notOpened.body.message).toMatch(/inte öppnat/);
    await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId: '00000000-0000-4000-8000-000000000000' }).expect(409);
  });

  it('only requests in dialogue with an impact assessment go on the agenda', async () => {
    const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
    await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
    const { id: meetingId } = await plannedMeeting(new Date().toISOString());
    const refused = await call.post(SECRETARY, `/api/meetings/${meetingId}/agenda`, { changeRequestId: id }).expect(409);
    expect(refused.body.message).toMatch(/konsekvensbedömning/);
    await call.post('styrgrupp.ledamot', `/api/meetings/${meetingId}/agenda`, { changeRequestId: id }).expect(403);
    await call.post('kommunikator', '/api/meetings', { title: 'x', startsAt: new Date().toISOString() }).expect(403);
    await call.post(SECRETARY, '/api/meetings', { title: 'x', startsAt: 'i morgon' }).expect(400);
  });

  it('signing after the protocol changed is 409; a late reservation voids earlier signatures; the chain verifies', async () => {
    const id = await readyToDecide();
    const meetingId = await openedMeeting([id], [CHAIR, JUSTERARE, 'styrgrupp.leverantor']);
    await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId }).expect(200);
    const closed = (await meetingEvent(SECRETARY, meetingId, { type: 'CLOSE' }).expect(200)).body;
    await call.post('styrgrupp.leverantor', `/api/meetings/${meetingId}/signatures`, { protocolSha256: closed.protocolSha256 }).expect(403);
    await call.post(CHAIR, `/api/meetings/${meetingId}/signatures`, { protocolSha256: closed.protocolSha256 }).expect(200);
    await call.post(CHAIR, `/api/meetings/${meetingId}/signatures`, { protocolSha256: closed.protocolSha256 }).expect(409);
    const changed = (
      await meetingEvent('styrgrupp.leverantor', meetingId, { type: 'RECORD_RESERVATION', changeRequestId: id, text: 'Reservation efter sammanträdet.' }).expect(200)
    ).body;
    expect(changed.stateValue).toEqual({ closed: 'unsigned' });
    expect(changed.protocolSha256).not.toBe(closed.protocolSha256);
    expect(changed.signatures).toEqual([]);
    const stale = await call.post(JUSTERARE, `/api/meetings/${meetingId}/signatures`, { protocolSha256: closed.protocolSha256 }).expect(409);
    expect(stale.body.precondition).toBe('protocolCurrent');
    await call.post(JUSTERARE, `/api/meetings/${meetingId}/signatures`, { protocolSha256: changed.protocolSha256 }).expect(200);
    const done = (await call.post(CHAIR, `/api/meetings/${meetingId}/signatures`, { protocolSha256: changed.protocolSha256 }).expect(200)).body;
    expect(done.state).toBe('justerat');
    await meetingEvent('styrgrupp.leverantor', meetingId, { type: 'RECORD_RESERVATION', changeRequestId: id, text: 'För sent.' }).expect(409);
    // A member who did not take part may not enter a reservation.
    const verify = (await call.get('revisor', '/api/audit/verify').expect(200)).body;
    expect(verify.ok).toBe(true);
  });

  it('a member who did not take part may not reserve; nor may anyone against an undecided item', async () => {
    const id = await readyToDecide();
    const meetingId = await openedMeeting([id], [CHAIR, JUSTERARE, 'styrgrupp.leverantor']);
    await meetingEvent(JUSTERARE, meetingId, { type: 'RECORD_RESERVATION', changeRequestId: id, text: 'För tidigt.' }).expect(403);
    await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId }).expect(200);
    await meetingEvent('styrgrupp.vastkom2', meetingId, { type: 'RECORD_RESERVATION', changeRequestId: id, text: 'Var inte med.' }).expect(403);
    await meetingEvent(JUSTERARE, meetingId, { type: 'RECORD_RESERVATION', changeRequestId: id, text: 'Jag reserverar mig.' }).expect(200);
  });

  describe('delegation', () => {
    const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();

    it('outside the window 403; inside 200 with onBehalfOf in the audit entry', async () => {
      const id = await readyToDecide();
      const meetingId = await openedMeeting([id], [CHAIR, JUSTERARE, 'styrgrupp.leverantor']);
      await call.post('admin', '/api/delegations', { from: CHAIR, to: 'styrgrupp.ersattare.vgr', validFrom: hours(-48), validTo: hours(-24), scope: 'steering_group' }).expect(201);
      const outside = await call.event('styrgrupp.ersattare.vgr', id, { type: 'DECIDE', ...decision, meetingId, onBehalfOf: CHAIR }).expect(403);
      expect(outside.body.message).toMatch(/not valid now/);
      expect((await call.get(CHAIR, `/api/change-requests/${id}`).expect(200)).body.state).toBe('dialogue');
      await call.post(CHAIR, '/api/delegations', { from: CHAIR, to: 'styrgrupp.ersattare.vgr', validFrom: hours(-1), validTo: hours(2), scope: 'steering_group' }).expect(201);
      const inside = (await call.event('styrgrupp.ersattare.vgr', id, { type: 'DECIDE', ...decision, meetingId, onBehalfOf: CHAIR }).expect(200)).body;
      expect(inside.decision.by).toMatchObject({ id: 'styrgrupp.ersattare.vgr', onBehalfOf: { id: CHAIR } });
      const entries = (await call.get('revisor', `/api/change-requests/${id}/history`).expect(200)).body;
      const decide = (entries.items ?? entries).find((e: { eventType: string }) => e.eventType === 'DECIDE');
      expect(decide).toMatchObject({ actorId: 'styrgrupp.ersattare.vgr', onBehalfOf: { id: CHAIR, name: 'Lars Ekström' } });
      expect((await call.get('revisor', '/api/audit/verify').expect(200)).body.ok).toBe(true);
    });

    it('the delegate who submitted the request is 403; a delegation is not passed on; only admin or the member delegates', async () => {
      const id = await readyToDecide();
      const meetingId = await openedMeeting([id], [CHAIR, JUSTERARE, 'styrgrupp.leverantor']);
      await call.post('admin', '/api/delegations', { from: CHAIR, to: 'vastkom.handlaggare', validFrom: hours(-1), validTo: hours(2), scope: 'steering_group' }).expect(201);
      const submitter = await call.event('vastkom.handlaggare', id, { type: 'DECIDE', ...decision, meetingId, onBehalfOf: CHAIR }).expect(403);
      expect(submitter.body.message).toMatch(/submitted/);
      await call.post(JUSTERARE, '/api/delegations', { from: CHAIR, to: JUSTERARE, validFrom: hours(-1), validTo: hours(2), scope: 'steering_group' }).expect(403);
      await call.post(SECRETARY, '/api/delegations', { from: CHAIR, to: SECRETARY, validFrom: hours(-1), validTo: hours(2), scope: 'steering_group' }).expect(403);
      await call.post('admin', '/api/delegations', { from: CHAIR, to: 'styrgrupp.ersattare.vgr', validFrom: hours(2), validTo: hours(1), scope: 'steering_group' }).expect(400);
      // Without any delegation from the principal: 403.
      await call.event('styrgrupp.leverantor', id, { type: 'DECIDE', ...decision, meetingId, onBehalfOf: JUSTERARE }).expect(403);
      // A COMMENT is outside the scope of a steering-group delegation.
      await call.event('vastkom.handlaggare', id, { type: 'COMMENT', text: 'x', onBehalfOf: CHAIR }).expect(403);
      expect((await call.get(CHAIR, `/api/change-requests/${id}`).expect(200)).body.state).toBe('dialogue');
    });
  });

  // Several instances on one PostgreSQL database: the meeting row is locked per event.
  if (process.env.TEST_DATABASE === 'postgres') {
    it('the chair and the justerare signing at once on two instances: both signatures, justerat once, one dispatch per organisation', async () => {
      const other = await createTestApp({ databaseUrl: t.databaseUrl, schema: t.schema });
      try {
        const id = await readyToDecide();
        const meetingId = await openedMeeting([id], [CHAIR, JUSTERARE, 'styrgrupp.leverantor']);
        await call.event(CHAIR, id, { type: 'DECIDE', ...decision, meetingId }).expect(200);
        const closed = (await meetingEvent(SECRETARY, meetingId, { type: 'CLOSE' }).expect(200)).body;
        const [first, second] = await Promise.all([
          call.post(CHAIR, `/api/meetings/${meetingId}/signatures`, { protocolSha256: closed.protocolSha256 }),
          api(other).post(JUSTERARE, `/api/meetings/${meetingId}/signatures`, { protocolSha256: closed.protocolSha256 }),
        ]);
        expect([first.status, second.status]).toEqual([200, 200]);
        const done = (await call.get(CHAIR, `/api/meetings/${meetingId}`).expect(200)).body;
        expect(done.state).toBe('justerat');
        expect(done.signatures.map((s: { capacity: string }) => s.capacity).sort()).toEqual(['chair', 'justerare']);
        const sent = (await call.get(SECRETARY, '/api/dispatches').expect(200)).body.items.filter((m: { meetingId: string }) => m.meetingId === meetingId);
        expect(sent.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual(['sjuharad', 'vastkom']);
      } finally {
        await other.close();
      }
    });
  }
});
