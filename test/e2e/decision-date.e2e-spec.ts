import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/**
 * A decision has two times: the day the steering group decided (its meeting, possibly days
 * before) and the moment it was registered. The first is given, never in the future; without it
 * the decision is dated the day it is registered.
 */
describe('decision date (e2e)', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;

  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(() => t.close());

  async function readyToDecide(): Promise<{ id: string; version: number }> {
    const id = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
    await call.event('vastkom.handlaggare', id, { type: 'SUBMIT' }).expect(200);
    await call.event('vgr.handlaggare', id, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
    const body = (await call.event('vgr.handlaggare', id, { type: 'RECORD_IMPACT', text: 'Konsekvensbedömning.' }).expect(200)).body;
    return { id, version: body.version };
  }

  const decide = (id: string, extra: Record<string, unknown> = {}) =>
    call.decide('styrgrupp.ordforande', id, {
      type: 'DECIDE',
      outcome: 'approved',
      rationale: 'Bifall.',
      meetingReference: 'Programstyrgruppen 2024-10-11, § 4',
      ...extra,
    });

  it('keeps the meeting’s date apart from the moment of registration, and reports both', async () => {
    const { id } = await readyToDecide();
    const decided = (await decide(id, { decidedOn: '2024-10-11' }).expect(200)).body;
    expect(decided.decision.decidedOn).toBe('2024-10-11');
    expect(decided.decision.at.slice(0, 10)).not.toBe('2024-10-11');
    const report = (await call.get('kommunikator', `/api/reports/change-requests/${id}?format=md`).expect(200)).text;
    expect(report).toContain('- **Beslutsdatum:** 2024-10-11');
    expect(report).toMatch(/- \*\*Registrerat:\*\* \d{4}-\d{2}-\d{2} klockan \d{2}:\d{2}/);
  });

  it('a decision date in the future is a 400 that changes nothing; none given means today', async () => {
    const { id, version } = await readyToDecide();
    const now = new Date((await call.get('styrgrupp.ordforande', '/api/me').expect(200)).body.now);
    const future = new Date(now.getTime() + 3 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const refused = await decide(id, { decidedOn: future }).expect(400);
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'decidedOn', message: 'must not be in the future' }] });
    const unchanged = (await call.get('styrgrupp.ordforande', `/api/change-requests/${id}`).expect(200)).body;
    expect({ version: unchanged.version, state: unchanged.state, decision: unchanged.decision }).toEqual({ version, state: 'dialogue', decision: null });

    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(now);
    const decided = (await decide(id).expect(200)).body;
    expect(decided.decision.decidedOn).toBe(today);
  });
});
