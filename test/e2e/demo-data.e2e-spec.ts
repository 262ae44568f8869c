import { createTestApp } from '../support/create-test-app';
import { api } from '../support/api';

describe('demo data (e2e)', () => {
  it('plays the demo requests through the real use cases once, and not again on the next start', async () => {
    const first = await createTestApp({ config: { demoData: true, nodeEnv: 'development' } });
    const second = await createTestApp({
      databaseUrl: first.databaseUrl,
      schema: first.schema,
      config: { demoData: true, nodeEnv: 'development' },
    });
    try {
      const call = api(second);
      const list = await call.get('vastkom.handlaggare', '/api/change-requests').expect(200);
      expect(list.body.total).toBe(3);
      // The draft is Uddevalla's working material: VGR does not see it.
      expect((await call.get('vgr.handlaggare', '/api/change-requests').expect(200)).body.total).toBe(2);
      const states = list.body.items.map((i: { state: string }) => i.state).sort();
      expect(states).toEqual(['communicated', 'dialogue', 'draft']);
      const seed = list.body.items.find((i: { state: string }) => i.state === 'communicated');
      const history = await call.get('revisor', `/api/change-requests/${seed.id}/history`).expect(200);
      expect(history.body.items[0]).toMatchObject({ eventType: 'CREATE', actorId: 'sjuharad.handlaggare' });
      expect(history.body.items.at(-1)).toMatchObject({ eventType: 'COMPLETE_COMMUNICATION', actorId: 'kommunikator' });
      const verify = await call.get('revisor', '/api/audit/verify').expect(200);
      expect(verify.body.ok).toBe(true);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
