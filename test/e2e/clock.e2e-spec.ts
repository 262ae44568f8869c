import { Clock } from '../../src/clock/clock';
import { api, expectNoLeak } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';

const USER = 'vgr.handlaggare';
const PATH = '/api/test/clock';

/** How far the clock's now may have flowed past an expected instant during a test. */
const closeTo = (iso: string, expected: number) => {
  const drift = Date.parse(iso) - expected;
  expect(drift).toBeGreaterThanOrEqual(0);
  expect(drift).toBeLessThan(5000);
};

describe('test clock control (e2e)', () => {
  describe('with CLOCK_CONTROL=true', () => {
    let t: TestApp;
    let call: ReturnType<typeof api>;
    const put = (body: unknown, userId = USER) =>
      t.http
        .put(PATH)
        .set('Authorization', `Bearer ${t.token(userId)}`)
        .send(body as object);
    const remove = (userId = USER) =>
      t.http.delete(PATH).set('Authorization', `Bearer ${t.token(userId)}`);

    beforeAll(async () => {
      t = await createTestApp({ config: { clockControl: true } });
      call = api(t);
    });
    afterAll(() => t?.close());
    afterEach(() => remove());

    it('PUT moves the clock, for any authenticated user, and time flows on from there', async () => {
      const res = await put({ now: '2030-01-02T09:00:00+01:00' }, 'kommunikator').expect(200);
      expect(Object.keys(res.body)).toEqual(['now']);
      closeTo(res.body.now, Date.parse('2030-01-02T08:00:00Z'));
      const clock = t.app.get(Clock);
      closeTo(clock.nowIso(), Date.parse('2030-01-02T08:00:00Z'));
      expect(clock.today()).toBe('2030-01-02');
    });

    it('GET /api/me tells the moved time, which the web pages date weeks and stamps by', async () => {
      const before = Date.now();
      closeTo((await call.get(USER, '/api/me').expect(200)).body.now, before);
      await put({ now: '2030-01-02T09:00:00Z' }).expect(200);
      closeTo((await call.get(USER, '/api/me').expect(200)).body.now, Date.parse('2030-01-02T09:00:00Z'));
    });

    it('accepts Z, fractions of a second and minutes without seconds', async () => {
      closeTo(
        (await put({ now: '2024-12-24T15:00:00.250Z' }).expect(200)).body.now,
        Date.parse('2024-12-24T15:00:00.250Z'),
      );
      closeTo(
        (await put({ now: '2024-06-21T12:00-02:00' }).expect(200)).body.now,
        Date.parse('2024-06-21T14:00:00Z'),
      );
    });

    it('DELETE returns to real time', async () => {
      await put({ now: '2030-01-02T09:00:00+01:00' }).expect(200);
      const before = Date.now();
      const res = await remove().expect(200);
      closeTo(res.body.now, before);
      closeTo(t.app.get(Clock).nowIso(), before);
    });

    it('needs a valid token (401), like every other route', async () => {
      const before = Date.now();
      await t.http.put(PATH).send({ now: '2030-01-02T09:00:00Z' }).expect(401);
      await t.http.delete(PATH).expect(401);
      await t.http
        .put(PATH)
        .set('Authorization', 'Bearer not-a-token')
        .send({ now: '2030-01-02T09:00:00Z' })
        .expect(401);
      await t.http
        .put(PATH)
        .set('Authorization', `Bearer ${t.token('finns.inte')}`)
        .send({ now: '2030-01-02T09:00:00Z' })
        .expect(401);
      closeTo(t.app.get(Clock).nowIso(), before);
    });

    it.each([
      [{}, ['now']],
      [{ now: 20300102 }, ['now']],
      [{ now: null }, ['now']],
      [{ now: '2030-01-02T09:00:00' }, ['now']],
      [{ now: '2030-01-02' }, ['now']],
      [{ now: '2030-02-30T09:00:00Z' }, ['now']],
      [{ now: '2030-01-02 09:00:00Z' }, ['now']],
      [{ now: 'i morgon' }, ['now']],
      [{ now: '2030-01-02T09:00:00Z', offset: 5 }, ['offset']],
    ])('refuses %j with 400 naming %j, leaving the clock alone', async (body, fields) => {
      const before = Date.now();
      const res = await put(body).expect(400);
      expectNoLeak(res);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect([...new Set(res.body.fields.map((f: { field: string }) => f.field))]).toEqual(fields);
      closeTo(t.app.get(Clock).nowIso(), before);
    });

    it('refuses a body that is not JSON with 400', async () => {
      const res = await t.http
        .put(PATH)
        .set('Authorization', `Bearer ${t.token(USER)}`)
        .set('Content-Type', 'application/json')
        .send('{"now": ')
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [] });
    });

    it('leaves the control routes out of the OpenAPI document', async () => {
      const docs = await call.get(USER, '/api/docs-json').expect(200);
      expect(Object.keys(docs.body.paths).filter((p) => p.startsWith('/api/test'))).toEqual([]);
    });
  });

  describe('without CLOCK_CONTROL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t?.close());

    const withToken = (request: ReturnType<TestApp['http']['put']>) =>
      request.set('Authorization', `Bearer ${t.token(USER)}`);

    it.each(['put', 'delete'] as const)(
      '%s answers 404 exactly like an unknown route, with or without a token',
      async (method) => {
        const unknown = await withToken(t.http[method]('/api/test/unknown'))
          .send({ now: '2030-01-02T09:00:00Z' })
          .expect(404);
        const expected = {
          ...unknown.body,
          message: unknown.body.message.replace('/api/test/unknown', PATH),
        };
        expect(expected.message).toBe(`Cannot ${method.toUpperCase()} ${PATH}`);
        for (const request of [withToken(t.http[method](PATH)), t.http[method](PATH)]) {
          const res = await request.send({ now: '2030-01-02T09:00:00Z' }).expect(404);
          expect(res.body).toEqual(expected);
          expect(res.headers['content-type']).toBe(unknown.headers['content-type']);
        }
      },
    );

    it('does not move the clock', async () => {
      const before = Date.now();
      await withToken(t.http.put(PATH)).send({ now: '2030-01-02T09:00:00Z' }).expect(404);
      closeTo(t.app.get(Clock).nowIso(), before);
    });
  });
});
