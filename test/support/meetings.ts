import type { TestApp } from './create-test-app';

/** Programstyrgruppen's five ordinary members in the demo roster (src/meetings/demo-roster.json). */
export const ORDINARY_MEMBERS = ['styrgrupp.ordforande', 'styrgrupp.ledamot', 'styrgrupp.vastkom1', 'styrgrupp.vastkom2', 'styrgrupp.leverantor'];

const SECRETARY = 'vgr.handlaggare';

/**
 * A meeting of programstyrgruppen planned by VGR with the given change requests on its agenda,
 * opened with `present` (default: every ordinary member) and styrgrupp.ledamot as justerare.
 * Returns the meeting's id, or undefined when a request cannot be put on an agenda (not in
 * dialogue, or no impact assessment yet) — then there is no meeting to decide at.
 */
export async function openMeetingFor(t: TestApp, changeRequestIds: string[], present: string[] = ORDINARY_MEMBERS): Promise<string | undefined> {
  const auth = { Authorization: `Bearer ${t.token(SECRETARY)}` };
  const created = await t.http.post('/api/meetings').set(auth).send({ title: 'Programstyrgruppen Millennium', startsAt: new Date().toISOString() });
  if (created.status !== 201) throw new Error(`planning a meeting answered ${created.status}: ${created.text}`);
  const id = created.body.id as string;
  for (const changeRequestId of changeRequestIds) {
    const added = await t.http.post(`/api/meetings/${id}/agenda`).set(auth).send({ changeRequestId });
    if (added.status !== 200) return undefined;
  }
  const opened = await t.http.post(`/api/meetings/${id}/events`).set(auth).send({ type: 'OPEN', present, justerare: 'styrgrupp.ledamot' });
  if (opened.status !== 200) throw new Error(`opening the meeting answered ${opened.status}: ${opened.text}`);
  return id;
}
