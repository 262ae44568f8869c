import type { Response } from 'supertest';

/** Programstyrgruppen's five ordinary members in the demo roster (src/meetings/demo-roster.json). */
export const ORDINARY_MEMBERS = ['styrgrupp.ordforande', 'styrgrupp.ledamot', 'styrgrupp.vastkom1', 'styrgrupp.vastkom2', 'styrgrupp.leverantor'];

const SECRETARY = 'vgr.handlaggare';

type Post = (userId: string, path: string, body: object) => PromiseLike<Response>;

/**
 * A meeting of programstyrgruppen planned by VGR with the given change requests on its agenda,
 * opened with `present` (default: every ordinary member) and styrgrupp.ledamot as justerare.
 * Returns the meeting's id, or undefined when a request cannot be put on an agenda (not in
 * dialogue, or no impact assessment yet) — then there is no meeting to decide at.
 */
export async function openMeeting(call: { post: Post }, changeRequestIds: string[], present: string[] = ORDINARY_MEMBERS): Promise<string | undefined> {
  const created = await call.post(SECRETARY, '/api/meetings', { title: 'Programstyrgruppen Millennium', startsAt: new Date().toISOString() });
  if (created.status !== 201) throw new Error(`planning a meeting answered ${created.status}: ${created.text}`);
  const id = created.body.id as string;
  for (const changeRequestId of changeRequestIds) {
    const added = await call.post(SECRETARY, `/api/meetings/${id}/agenda`, { changeRequestId });
    if (added.status !== 200) return undefined;
  }
  const opened = await call.post(SECRETARY, `/api/meetings/${id}/events`, { type: 'OPEN', present, justerare: 'styrgrupp.ledamot' });
  if (opened.status !== 200) throw new Error(`opening the meeting answered ${opened.status}: ${opened.text}`);
  return id;
}
