import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

/**
 * What the officials found walking seed 002 through the pages, checked over HTTP: the rollout
 * plan after an approval "later, date not yet set" (SPEC §3), drafts kept to the requesting side
 * (SPEC §2) in every list and the weekly report, and a past week's report anchored to the chain
 * as it stood when that week ended.
 */

interface RolloutOrganisation {
  id: string;
  name: string;
  plannedGoLive: string | null;
  postponed: boolean;
  decision: { changeRequestId: string; reference: string | null } | null;
}
interface RolloutPlan {
  stages: { name: string; area: string; organisations: RolloutOrganisation[] }[];
  postponed: RolloutOrganisation[];
  areas: { area: string; kommunalforbund: { id: string; members: RolloutOrganisation[] }[] }[];
}

async function at(t: TestApp, now: string): Promise<void> {
  await api(t).put('vgr.handlaggare', '/api/test/clock', { now }).expect(200);
}

describe("the officials' findings (e2e)", () => {
  let t: TestApp;
  let decidedId: string;
  let reference: string;
  let draftId: string;
  const DRAFT_TITLE = 'Utkast från Sjuhärad som inte är inlämnat';

  beforeAll(async () => {
    t = await createTestApp({ config: { clockControl: true } });
    const call = api(t);
    // Week 41 of 2024, as in seed 002.
    await at(t, '2024-10-09T10:00:00+02:00');
    draftId = (await call.post('sjuharad.handlaggare', '/api/change-requests', { ...SJUHARAD_DRAFT, title: DRAFT_TITLE }).expect(201)).body.id;
    decidedId = (await call.post('sjuharad.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201)).body.id;
    reference = (await call.event('vastkom.handlaggare', decidedId, { type: 'SUBMIT' }).expect(200)).body.reference;
    await call.event('vgr.handlaggare', decidedId, { type: 'ACKNOWLEDGE', comment: 'Mottagen.' }).expect(200);
    await call.event('vgr.handlaggare', decidedId, { type: 'RECORD_IMPACT', text: 'Påverkar inte VGR:s driftstart.' }).expect(200);
    await at(t, '2024-10-11T15:00:00+02:00');
    await call
      .decide('styrgrupp.ordforande', decidedId, {
        type: 'DECIDE',
        outcome: 'approved',
        rationale: 'Sjuhärad ansluter senare; datum fastställs i ett senare beslut.',
        meetingReference: 'PSG 2024-10-11 § 3',
      })
      .expect(200);
  });
  afterAll(() => t?.close());

  it('after "later, date not yet set" the eight Sjuhärad municipalities are postponed, naming the decision, and in no stage', async () => {
    const plan = (await api(t).get('kommunikator', '/api/rollout-plan').expect(200)).body as RolloutPlan;
    const members = plan.areas.flatMap((a) => a.kommunalforbund).find((f) => f.id === 'sjuharad')!.members;
    expect(members).toHaveLength(8);
    for (const m of members) {
      expect(m).toMatchObject({ plannedGoLive: null, postponed: true, decision: { changeRequestId: decidedId, reference } });
    }
    const postponedIds = plan.postponed.map((o) => o.id);
    for (const m of members) expect(postponedIds).toContain(m.id);
    const staged = plan.stages.flatMap((s) => s.organisations.map((o) => o.id));
    for (const m of members) expect(staged).not.toContain(m.id);
    // Organisations the decision did not name keep their dates.
    expect(plan.stages.find((s) => s.area === 'norra')!.organisations.length).toBeGreaterThan(0);
  });

  it('a draft is not in the lists of vgr, the steering group, communications or the auditor, and is in the requesting side\'s', async () => {
    const listed = async (user: string) =>
      ((await api(t).get(user, '/api/change-requests?pageSize=100').expect(200)).body.items as { id: string }[]).map((r) => r.id);
    for (const user of ['vgr.handlaggare', 'styrgrupp.ordforande', 'styrgrupp.ledamot', 'kommunikator', 'revisor']) {
      const ids = await listed(user);
      expect({ user, draft: ids.includes(draftId), submitted: ids.includes(decidedId) }).toEqual({ user, draft: false, submitted: true });
    }
    for (const user of ['sjuharad.handlaggare', 'vastkom.handlaggare']) {
      expect({ user, draft: (await listed(user)).includes(draftId) }).toEqual({ user, draft: true });
    }
    expect((await listed('uddevalla.handlaggare')).includes(draftId)).toBe(false);
    // A text search does not find it either.
    const searched = (await api(t).get('vgr.handlaggare', `/api/change-requests?text=${encodeURIComponent('inte är inlämnat')}`).expect(200)).body.items;
    expect(searched).toEqual([]);
  });

  it('the weekly report leaves the draft out of every section', async () => {
    const report = (await api(t).get('vgr.handlaggare', '/api/reports/weekly?week=2024-W41&format=md').expect(200)).text;
    expect(report).toContain(reference);
    expect(report).not.toContain(DRAFT_TITLE);
  });

  it("the 2024-W41 report's anchor is the chain as it stood when the week ended, not as it is now", async () => {
    const call = api(t);
    // Later entries, in week 42 and after.
    await at(t, '2024-10-15T09:00:00+02:00');
    await call.event('vgr.handlaggare', decidedId, { type: 'COMMENT', text: 'Pressmeddelandet är skickat.' }).expect(200);
    await call.event('vastkom.handlaggare', draftId, { type: 'EDIT', title: `${DRAFT_TITLE} (ändrat)` }).expect(200);

    const lastOfWeek = (await call.get('revisor', '/api/audit/entries?to=2024-10-13&limit=1').expect(200)).body.items[0] as { seq: number; hash: string; at: string };
    const newest = (await call.get('revisor', '/api/audit/entries?limit=1').expect(200)).body.items[0] as { seq: number; hash: string };
    expect(newest.seq).toBeGreaterThan(lastOfWeek.seq);
    expect(Date.parse(lastOfWeek.at)).toBeLessThan(Date.parse('2024-10-14T00:00:00+02:00'));

    const report = (await call.get('vgr.handlaggare', '/api/reports/weekly?week=2024-W41&format=md').expect(200)).text;
    expect(report).toContain(`Antal poster: ${lastOfWeek.seq}`);
    expect(report).toContain(lastOfWeek.hash);
    expect(report).not.toContain(newest.hash);
    // The current week's report has today's anchor.
    const now = (await call.get('vgr.handlaggare', '/api/reports/weekly?week=2024-W42&format=md').expect(200)).text;
    expect(now).toContain(`Antal poster: ${newest.seq}`);
    expect(now).toContain(newest.hash);
  });
});
