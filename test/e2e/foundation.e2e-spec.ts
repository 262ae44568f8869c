import type { Response } from 'supertest';
import { Database } from '../../src/database/database';
import { UsersRepository } from '../../src/users/users.repository';
import { createTestApp, TestApp } from '../support/create-test-app';
import {
  expiredTokenFor,
  generateSigningKeys,
  signToken,
  tokenFor,
  unsignedToken,
} from '../support/tokens';

const LEAKS = [
  /\n\s+at /,
  / at .*\(.*:\d+:\d+\)/,
  /QueryFailedError/,
  /SELECT/,
  /INSERT/,
  /SQLITE/i,
];

function expectNoLeak(response: Response): void {
  const text = response.text ?? '';
  for (const pattern of LEAKS) expect(text).not.toMatch(pattern);
}

function expectErrorShape(response: Response, statusCode: number, error: string): void {
  expect(response.status).toBe(statusCode);
  expect(response.body).toMatchObject({ statusCode, error });
  expect(typeof response.body.message).toBe('string');
  expectNoLeak(response);
}

interface OrganisationBody {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  members: string[];
  area: string | null;
  plannedGoLive: string | null;
}

describe('foundation (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, userId = 'vastkom.handlaggare') =>
    t.http.get(path).set('Authorization', `Bearer ${t.token(userId)}`);

  describe('health and docs', () => {
    it('GET /health answers 200 with a database check, without a token', async () => {
      const response = await t.http.get('/health').expect(200);
      expect(response.body).toEqual({ status: 'ok', database: 'ok' });
    });

    it('echoes a well-formed x-request-id and makes one otherwise', async () => {
      const echoed = await t.http.get('/health').set('x-request-id', 'abc-123');
      expect(echoed.headers['x-request-id']).toBe('abc-123');
      const made = await t.http.get('/health').set('x-request-id', 'bad id with spaces');
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('serves the OpenAPI document with bearer auth and a self-only CSP', async () => {
      const response = await t.http.get('/api/docs-json').expect(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(response.body.paths['/api/organisations']).toBeDefined();
      expect(response.body.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer' });
      const health = await t.http.get('/health');
      expect(health.headers['content-security-policy']).toContain("default-src 'self'");
      expect(health.headers['content-security-policy']).not.toContain('unsafe-inline');
    });
  });

  describe('reference data', () => {
    let organisations: OrganisationBody[];

    beforeAll(async () => {
      organisations = (await get('/api/organisations').expect(200)).body;
    });

    const byId = (id: string) => organisations.find((o) => o.id === id);

    it('has the 49 municipalities of Västra Götaland with their kommunalförbund', () => {
      const municipalities = organisations.filter((o) => o.kind === 'municipality');
      expect(municipalities).toHaveLength(49);
      const count = (parent: string) => municipalities.filter((m) => m.parentId === parent).length;
      expect(count('fyrbodal')).toBe(14);
      expect(count('goteborgsregionen')).toBe(12);
      expect(count('sjuharad')).toBe(8);
      expect(count('skaraborg')).toBe(15);
      expect(byId('boras')).toMatchObject({ name: 'Borås', parentId: 'sjuharad', area: 'sodra' });
      expect(byId('dals-ed')).toMatchObject({
        name: 'Dals-Ed',
        parentId: 'fyrbodal',
        area: 'norra',
      });
      expect(byId('skovde')).toMatchObject({
        name: 'Skövde',
        parentId: 'skaraborg',
        area: 'ostra',
      });
      expect(byId('lilla-edet')).toMatchObject({ parentId: 'goteborgsregionen', area: 'vastra' });
      expect(byId('goteborg')).toMatchObject({ name: 'Göteborg' });
      expect(byId('kungsbacka')).toBeUndefined();
    });

    it('lists kommunalförbund with members and the other organisations', () => {
      expect(byId('sjuharad')).toMatchObject({
        kind: 'kommunalforbund',
        name: 'Sjuhärads kommunalförbund',
        plannedGoLive: '2024-11-12',
      });
      expect(byId('sjuharad')!.members).toEqual([
        'bollebygd',
        'boras',
        'herrljunga',
        'mark',
        'svenljunga',
        'tranemo',
        'ulricehamn',
        'vargarda',
      ]);
      expect(byId('vastkom')).toMatchObject({ kind: 'association', name: 'VästKom' });
      expect(byId('vgr')).toMatchObject({ kind: 'region', name: 'Västra Götalandsregionen' });
      expect(byId('programstyrgruppen')).toMatchObject({ kind: 'steering_group' });
      expect(byId('koncernstab-kommunikation')).toMatchObject({ kind: 'communications' });
      expect(organisations.filter((o) => o.kind === 'private_provider')).toHaveLength(3);
      for (const o of organisations) expect(o.id).toMatch(/^[a-z0-9-]+$/);
    });

    it('gives every organisation of an area the planned go-live of its area', () => {
      expect(byId('boras')!.plannedGoLive).toBe('2024-11-12');
      expect(byId('uddevalla')!.plannedGoLive).toBe('2026-04-15');
      expect(byId('skovde')!.plannedGoLive).toBe('2026-04-15');
      expect(byId('goteborg')!.plannedGoLive).toBe('2026-10-15');
    });

    it('answers the rollout plan grouped by stage, area and kommunalförbund', async () => {
      const plan = (await get('/api/rollout-plan', 'boras.handlaggare').expect(200)).body;
      expect(plan.stages.map((s: { id: string }) => s.id)).toEqual([
        'sodra-1',
        'sodra-2',
        'norra',
        'ostra',
        'vastra',
      ]);
      const first = plan.stages[0];
      expect(first).toMatchObject({ area: 'sodra', plannedGoLive: '2024-11-12' });
      expect(first.organisations.map((o: { id: string }) => o.id)).toEqual(
        expect.arrayContaining(['boras', 'sjuharad', 'capio-boras']),
      );
      expect(plan.stages[1]).toMatchObject({ plannedGoLive: '2025-11-12' });
      const norra = plan.areas.find((a: { area: string }) => a.area === 'norra');
      expect(norra.kommunalforbund).toHaveLength(1);
      expect(norra.kommunalforbund[0].id).toBe('fyrbodal');
      expect(norra.kommunalforbund[0].members).toHaveLength(14);
      expect(norra.kommunalforbund[0].members[0]).toMatchObject({ plannedGoLive: '2026-04-15' });
    });
  });

  describe('authentication', () => {
    it('GET /api/me describes the caller, with a kommunalförbund acting for its members', async () => {
      const me = (await get('/api/me', 'sjuharad.handlaggare').expect(200)).body;
      expect(me).toMatchObject({
        id: 'sjuharad.handlaggare',
        role: 'municipality',
        organisationId: 'sjuharad',
        organisationName: 'Sjuhärads kommunalförbund',
      });
      expect(me.actsFor).toHaveLength(9);
      expect(me.actsFor).toEqual(expect.arrayContaining(['sjuharad', 'boras', 'vargarda']));
      const vastkom = (await get('/api/me').expect(200)).body;
      expect(vastkom).toMatchObject({
        role: 'vastkom',
        organisationId: 'vastkom',
        actsFor: ['vastkom'],
      });
    });

    it('accepts a token whose role claim matches the user', async () => {
      await t.http
        .get('/api/me')
        .set('Authorization', `Bearer ${tokenFor('revisor', { role: 'auditor' })}`)
        .expect(200);
    });

    const rejected: [string, () => string | undefined][] = [
      ['no token', () => undefined],
      ['a garbage token', () => 'Bearer not-a-jwt'],
      ['a non-bearer scheme', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
      ['alg: none', () => `Bearer ${unsignedToken({ sub: 'admin', role: 'admin' })}`],
      [
        'a token signed with another key',
        () =>
          `Bearer ${signToken({}, { subject: 'admin', key: 'another-key-another-key-another-key!!' })}`,
      ],
      ['an expired token', () => `Bearer ${expiredTokenFor('admin')}`],
      ['a token without sub', () => `Bearer ${signToken({ role: 'admin' })}`],
      [
        'a token without exp',
        () => `Bearer ${signToken({}, { subject: 'admin', expiresIn: null })}`,
      ],
      ['an unknown user', () => `Bearer ${tokenFor('nobody.known')}`],
      [
        'a role claim that differs from the user',
        () => `Bearer ${tokenFor('boras.handlaggare', { role: 'admin' })}`,
      ],
      [
        'an RS256 token where HS256 is configured',
        () => {
          const { privateKey } = generateSigningKeys('RS256');
          return `Bearer ${signToken({}, { subject: 'admin', key: privateKey, algorithm: 'RS256' })}`;
        },
      ],
      [
        'an HS512 token with the right key',
        () => `Bearer ${signToken({}, { subject: 'admin', algorithm: 'HS512' })}`,
      ],
    ];

    it.each(rejected)('answers 401 for %s', async (_, header) => {
      const request = t.http.get('/api/me');
      const value = header();
      const response = await (value ? request.set('Authorization', value) : request);
      expectErrorShape(response, 401, 'Unauthorized');
    });

    it('answers 403 for a role that may not use a role-guarded route', async () => {
      const response = await get('/api/users', 'revisor');
      expectErrorShape(response, 403, 'Forbidden');
      expect(response.body.code).toBe('FORBIDDEN');
      const users = (await get('/api/users', 'admin').expect(200)).body;
      expect(users.map((u: { id: string }) => u.id)).toEqual(
        expect.arrayContaining(['admin', 'revisor', 'kommunikator', 'styrgrupp.ordforande']),
      );
    });
  });

  describe('development identity provider', () => {
    it('lists demo users and issues a working token', async () => {
      const users = (await t.http.get('/api/auth/demo-users').expect(200)).body;
      expect(users).toHaveLength(16);
      expect(users).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: 'uddevalla.handlaggare',
            role: 'municipality',
            organisationId: 'uddevalla',
          }),
          expect.objectContaining({
            id: 'styrgrupp.ledamot',
            role: 'steering_group',
            organisationId: 'programstyrgruppen',
          }),
        ]),
      );
      const { token } = (
        await t.http.post('/api/auth/dev-token').send({ userId: 'kommunikator' }).expect(200)
      ).body;
      const me = await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body).toMatchObject({ id: 'kommunikator', role: 'communications' });
    });

    it('answers 404 for an unknown user', async () => {
      const response = await t.http.post('/api/auth/dev-token').send({ userId: 'nobody' });
      expectErrorShape(response, 404, 'Not Found');
    });
  });

  describe('request validation and errors', () => {
    it('answers 400 naming the offending field for a bad body', async () => {
      const response = await t.http.post('/api/auth/dev-token').send({ userId: 42 });
      expectErrorShape(response, 400, 'Bad Request');
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.fields).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'userId' })]),
      );
    });

    it('answers 400 naming an unknown field', async () => {
      const response = await t.http
        .post('/api/auth/dev-token')
        .send({ userId: 'admin', role: 'admin' });
      expectErrorShape(response, 400, 'Bad Request');
      expect(response.body.fields).toEqual([
        { field: 'role', message: expect.stringContaining('role') },
      ]);
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await t.http
        .post('/api/auth/dev-token')
        .set('Content-Type', 'application/json')
        .send('{"userId": ');
      expectErrorShape(response, 400, 'Bad Request');
    });

    it('answers 413 for a 2 MiB JSON body', async () => {
      const response = await t.http
        .post('/api/auth/dev-token')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ userId: 'x'.repeat(2 * 1024 * 1024) }));
      expectErrorShape(response, 413, 'Payload Too Large');
    });

    it('answers 404 in the same shape for an unknown route', async () => {
      const response = await get('/api/no-such-thing');
      expectErrorShape(response, 404, 'Not Found');
    });
  });
});

describe('seeding (e2e)', () => {
  it('does not duplicate reference data or users on a second start, nor overwrite dates', async () => {
    const first = await createTestApp();
    let second: TestApp | undefined;
    try {
      const count = async (app: TestApp, table: string) => {
        const rows: { n: number | string }[] = await app.dataSource.query(
          `SELECT COUNT(*) AS n FROM ${table}`,
        );
        return Number(rows[0].n);
      };
      const before = {
        organisations: await count(first, 'organisations'),
        users: await count(first, 'users'),
        stages: await count(first, 'rollout_stages'),
        roster: await count(first, 'steering_group_members'),
      };
      expect(before).toEqual({ organisations: 60, users: 16, stages: 5, roster: 7 });

      await first.http
        .patch('/api/organisations/sjuharad')
        .set('Authorization', `Bearer ${first.token('admin')}`)
        .send({ plannedGoLive: '2025-11-12' })
        .expect(200);

      second = await createTestApp({ databaseUrl: first.databaseUrl, schema: first.schema });
      expect({
        organisations: await count(second, 'organisations'),
        users: await count(second, 'users'),
        stages: await count(second, 'rollout_stages'),
        roster: await count(second, 'steering_group_members'),
      }).toEqual(before);

      const organisations = (
        await second.http
          .get('/api/organisations')
          .set('Authorization', `Bearer ${second.token('vgr.handlaggare')}`)
      ).body as OrganisationBody[];
      const date = (id: string) => organisations.find((o) => o.id === id)!.plannedGoLive;
      expect(date('sjuharad')).toBe('2025-11-12');
      expect(date('boras')).toBe('2025-11-12');
      expect(date('uddevalla')).toBe('2026-04-15');
    } finally {
      await second?.close();
      await first.close();
    }
  });
});

describe('production identity provider (e2e)', () => {
  const { privateKey, publicKey } = generateSigningKeys('ES256');
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      config: { nodeEnv: 'production', isProduction: true, jwt: { mode: 'public-key', publicKey } },
    });
    // Production seeds no users: an administrator creates them.
    await t.app.get(Database).write(({ sql }) =>
      new UsersRepository().insertMissing(sql, {
        id: 'vgr.idp-user',
        name: 'Eva Andersson',
        title: 'Handläggare',
        organisationId: 'vgr',
        role: 'vgr',
        email: null,
      }),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('accepts an ES256 token signed by the identity provider', async () => {
    const token = signToken({}, { subject: 'vgr.idp-user', key: privateKey, algorithm: 'ES256' });
    const me = await t.http.get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ id: 'vgr.idp-user', role: 'vgr' });
  });

  it('rejects HS256 tokens, even one signed with the public key as HMAC secret', async () => {
    for (const token of [
      tokenFor('vgr.idp-user'),
      signToken({}, { subject: 'vgr.idp-user', key: publicKey, algorithm: 'HS256' }),
    ]) {
      const response = await t.http.get('/api/me').set('Authorization', `Bearer ${token}`);
      expectErrorShape(response, 401, 'Unauthorized');
    }
  });

  it('hides the development identity provider', async () => {
    expectErrorShape(await t.http.get('/api/auth/demo-users'), 404, 'Not Found');
    expectErrorShape(
      await t.http.post('/api/auth/dev-token').send({ userId: 'admin' }),
      404,
      'Not Found',
    );
  });
});
