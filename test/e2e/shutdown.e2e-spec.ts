import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { api, SJUHARAD_DRAFT } from '../support/api';
import { createTestApp } from '../support/create-test-app';

/**
 * Shutting down (SIGTERM → app.close()) answers what is in flight before the database closes:
 * every request the server accepted gets its real answer, none a 500 from a closed database.
 */
describe('shutdown drains requests in flight (e2e)', () => {
  it('answers every accepted request with 200 while closing', async () => {
    const t = await createTestApp();
    const created = await api(t).post('vastkom.handlaggare', '/api/change-requests', SJUHARAD_DRAFT).expect(201);
    await t.app.listen(0, '127.0.0.1');
    const server = t.app.getHttpServer() as Server;
    const { port } = server.address() as AddressInfo;
    const headers = { authorization: `Bearer ${t.token('vastkom.handlaggare')}` };

    const N = 48;
    // One connection per request (no keep-alive pool), so all are open at once.
    const answers = Array.from({ length: N }, (_, i) =>
      new Promise<{ status: number; body: string }>((resolve) => {
        const path = i % 2 ? `/api/change-requests/${created.body.id}` : '/api/change-requests?pageSize=100';
        get({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        }).on('error', (error) => resolve({ status: 0, body: String(error) }));
      }),
    );
    const connections = (): Promise<number> =>
      new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n)));
    // Shut down while the requests are arriving and being answered.
    while ((await connections()) < 4) await sleep(1);
    await t.close();
    const results = await Promise.all(answers);
    // Accepted requests get their real answer; a connection the closing server never took may be
    // refused or reset (a client retries those), but nothing is a 5xx from a closed database.
    const answered = results.filter((r) => r.status !== 0);
    expect(answered.filter((r) => r.status !== 200)).toEqual([]);
    expect(answered.length).toBeGreaterThan(0);
    for (const r of results.filter((x) => x.status === 0)) expect(r.body).toMatch(/ECONNREFUSED|ECONNRESET|socket hang up/);
  });
});
