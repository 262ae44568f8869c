import { Logger } from '@nestjs/common';
import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { createServer, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Response } from 'supertest';
import { TOKEN_LEEWAY_SECONDS } from '../../src/auth/auth.constants';
import { isLoopbackAddress } from '../../src/auth/loopback';
import type { AppConfig } from '../../src/config/app-config';
import { Database } from '../../src/database/database';
import { DEMO_USERS } from '../../src/users/demo-users.seeder';
import { UsersRepository } from '../../src/users/users.repository';
import { expectNoLeak } from '../support/api';
import { createTestApp, TestApp } from '../support/create-test-app';
import {
  Algorithm,
  generateSigningKeys,
  signJws,
  TEST_JWT_SECRET,
  unsignedToken,
} from '../support/tokens';

type Claims = Record<string, unknown>;

/** One way the service can be configured to verify tokens, and how to sign a token for it. */
interface Mode {
  name: string;
  algorithm: Algorithm;
  key: string | KeyObject;
  /** The public half (PEM), for the algorithm-confusion attack; absent for HMAC. */
  publicPem?: string;
  kid?: string;
  config: Partial<AppConfig>;
  /** The user a valid token names; created by hand where production seeds none. */
  user: string;
  expectsJwtTyp: boolean;
  jwks: boolean;
}

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function header(mode: Mode, overrides: Claims = {}): Claims {
  return { alg: mode.algorithm, typ: 'JWT', ...(mode.kid ? { kid: mode.kid } : {}), ...overrides };
}

function claims(mode: Mode, overrides: Claims = {}): Claims {
  return { sub: mode.user, iat: now(), exp: now() + 3600, ...overrides };
}

/** A token correctly signed with the mode's key, with these header and claim overrides. */
function sign(mode: Mode, headerOverrides: Claims = {}, claimOverrides: Claims = {}): string {
  return signJws(
    header(mode, headerOverrides),
    claims(mode, claimOverrides),
    mode.key,
    mode.algorithm,
  );
}

const validToken = (mode: Mode) => sign(mode);

const IDP_USER = {
  id: 'vgr.idp-user',
  name: 'Eva Andersson',
  title: 'Handläggare',
  organisationId: 'vgr',
  role: 'vgr' as const,
  email: null,
};

const rsa = generateSigningKeys('RS256');
const ec = generateSigningKeys('ES256');

/** Serves the identity provider's key set, as a region's identity provider would. */
async function startJwksServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const jwk = (pem: string, kid: string, alg: string) => ({
    ...createPublicKey(pem).export({ format: 'jwk' }),
    kid,
    alg,
    use: 'sig',
  });
  const body = JSON.stringify({
    keys: [jwk(rsa.publicKey, 'rsa-1', 'RS256'), jwk(ec.publicKey, 'ec-1', 'ES256')],
  });
  const server: Server = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const production = { nodeEnv: 'production', isProduction: true } as const;

function modes(jwksUrl: () => string): Mode[] {
  const base = { user: IDP_USER.id, expectsJwtTyp: false, jwks: false };
  return [
    {
      ...base,
      name: 'development, HS256 development key',
      algorithm: 'HS256',
      key: TEST_JWT_SECRET,
      config: { nodeEnv: 'development', isProduction: false },
      user: 'vastkom.handlaggare',
      expectsJwtTyp: true,
    },
    {
      ...base,
      name: 'production, HS256 (JWT_SECRET)',
      algorithm: 'HS256',
      key: TEST_JWT_SECRET,
      config: { ...production },
      expectsJwtTyp: true,
    },
    {
      ...base,
      name: 'production, RS256 (JWT_PUBLIC_KEY)',
      algorithm: 'RS256',
      key: createPrivateKey(rsa.privateKey),
      publicPem: rsa.publicKey,
      config: { ...production, jwt: { mode: 'public-key', publicKey: rsa.publicKey } },
    },
    {
      ...base,
      name: 'production, ES256 (JWT_PUBLIC_KEY)',
      algorithm: 'ES256',
      key: createPrivateKey(ec.privateKey),
      publicPem: ec.publicKey,
      config: { ...production, jwt: { mode: 'public-key', publicKey: ec.publicKey } },
    },
    {
      ...base,
      name: 'production, JWKS_URL with RS256 and ES256 keys',
      algorithm: 'RS256',
      key: createPrivateKey(rsa.privateKey),
      publicPem: rsa.publicKey,
      kid: 'rsa-1',
      jwks: true,
      // Read when the app is created, after the JWKS server has started.
      get config() {
        return { ...production, jwt: { mode: 'jwks' as const, jwksUrl: jwksUrl() } };
      },
    },
  ];
}

type BadToken = [string, (mode: Mode) => string, ((mode: Mode) => boolean)?];

const later = (seconds: number) => now() + seconds;

/** Every token here is refused with 401; each is signed with the mode's real key unless noted. */
const BAD_TOKENS: BadToken[] = [
  // 1. `alg` that is not a string, or not on the mode's list.
  ['alg ["none"]', (m) => sign(m, { alg: ['none'] })],
  ['alg [<the right algorithm>]', (m) => sign(m, { alg: [m.algorithm] })],
  ['alg as a number', (m) => sign(m, { alg: 256 })],
  ['alg as an object', (m) => sign(m, { alg: { name: m.algorithm } })],
  ['alg true', (m) => sign(m, { alg: true })],
  ['alg null', (m) => sign(m, { alg: null })],
  ['alg ""', (m) => sign(m, { alg: '' })],
  ['no alg', (m) => sign(m, { alg: undefined })],
  ['alg "none", unsigned', (m) => unsignedToken(claims(m))],
  ['alg "NONE", unsigned', (m) => `${b64({ alg: 'NONE', typ: 'JWT' })}.${b64(claims(m))}.`],
  ['alg in lower case', (m) => sign(m, { alg: m.algorithm.toLowerCase() })],
  [
    'alg HS512 with the right key',
    (m) => signJws(header(m, { alg: 'HS512' }), claims(m), TEST_JWT_SECRET, 'HS512'),
    (m) => m.algorithm === 'HS256',
  ],
  [
    'alg HS256 with the public key as HMAC secret',
    (m) => signJws(header(m, { alg: 'HS256' }), claims(m), m.publicPem!, 'HS256'),
    (m) => m.publicPem !== undefined,
  ],
  [
    'alg ES256 where the key is RSA',
    (m) =>
      signJws(header(m, { alg: 'ES256' }), claims(m), createPrivateKey(ec.privateKey), 'ES256'),
    (m) => m.algorithm === 'RS256' && !m.jwks,
  ],
  // 2. `crit` (RFC 7515 §4.1.11): this service understands no extension.
  ['crit naming an unknown extension', (m) => sign(m, { crit: ['x-unknown'], 'x-unknown': 1 })],
  ['crit naming an absent extension', (m) => sign(m, { crit: ['x-unknown'] })],
  ['crit naming a registered header', (m) => sign(m, { crit: ['alg'] })],
  ['empty crit', (m) => sign(m, { crit: [] })],
  ['crit as a string', (m) => sign(m, { crit: 'x-unknown', 'x-unknown': 1 })],
  ['crit with a number', (m) => sign(m, { crit: [42] })],
  ['crit with duplicates', (m) => sign(m, { crit: ['x-a', 'x-a'], 'x-a': 1 })],
  [
    'b64: false (unencoded payload)',
    (m) =>
      signJws(
        header(m, { b64: false, crit: ['b64'] }),
        JSON.stringify(claims(m)),
        m.key,
        m.algorithm,
      ),
  ],
  ['b64: false with an encoded payload', (m) => sign(m, { b64: false, crit: ['b64'] })],
  ['b64: true in crit', (m) => sign(m, { b64: true, crit: ['b64'] })],
  ['b64: false without crit', (m) => sign(m, { b64: false })],
  // typ: the development provider issues and expects JWT.
  ['typ at+jwt where JWT is expected', (m) => sign(m, { typ: 'at+jwt' }), (m) => m.expectsJwtTyp],
  ['no typ where JWT is expected', (m) => sign(m, { typ: undefined }), (m) => m.expectsJwtTyp],
  ['typ as a number', (m) => sign(m, { typ: 7 }), (m) => m.expectsJwtTyp],
  // 3. Times beyond the leeway.
  ['iat a day in the future', (m) => sign(m, {}, { iat: later(86400) })],
  ['iat beyond the leeway', (m) => sign(m, {}, { iat: later(TOKEN_LEEWAY_SECONDS + 30) })],
  ['iat as a string', (m) => sign(m, {}, { iat: String(now()) })],
  ['nbf beyond the leeway', (m) => sign(m, {}, { nbf: later(TOKEN_LEEWAY_SECONDS + 30) })],
  ['nbf as a string', (m) => sign(m, {}, { nbf: String(now()) })],
  ['exp past the leeway', (m) => sign(m, {}, { exp: later(-TOKEN_LEEWAY_SECONDS - 30) })],
  ['no exp', (m) => sign(m, {}, { exp: undefined })],
  ['exp as a string', (m) => sign(m, {}, { exp: String(later(3600)) })],
  ['exp null', (m) => sign(m, {}, { exp: null })],
  // Claims.
  ['no sub', (m) => sign(m, {}, { sub: undefined })],
  ['sub as a number', (m) => sign(m, {}, { sub: 42 })],
  ['sub as an array', (m) => sign(m, {}, { sub: [m.user] })],
  ['empty sub', (m) => sign(m, {}, { sub: '' })],
  ['blank sub', (m) => sign(m, {}, { sub: '   ' })],
  ['role as an object', (m) => sign(m, {}, { role: { name: 'admin' } })],
  [
    'a demo user that production does not have',
    (m) => sign(m, {}, { sub: 'admin' }),
    (m) => m.config.isProduction === true,
  ],
  // Structure.
  ['two segments', (m) => validToken(m).split('.').slice(0, 2).join('.')],
  ['four segments', (m) => `${validToken(m)}.AAAA`],
  ['five segments (JWE shape)', (m) => `${validToken(m)}.AAAA.BBBB`],
  ['empty segments', () => '..'],
  ['a header that is not base64url', (m) => `@@@.${validToken(m).split('.').slice(1).join('.')}`],
  [
    'a header that is not JSON',
    (m) => `${Buffer.from('{alg').toString('base64url')}.${b64(claims(m))}.AAAA`,
  ],
  [
    'a header that is a JSON array',
    (m) => `${Buffer.from('["alg"]').toString('base64url')}.${b64(claims(m))}.AAAA`,
  ],
  [
    'a header that is JSON null',
    (m) => `${Buffer.from('null').toString('base64url')}.${b64(claims(m))}.AAAA`,
  ],
  ['claims that are a JSON array', (m) => signJws(header(m), b64([m.user]), m.key, m.algorithm)],
  [
    'claims that are not JSON',
    (m) => signJws(header(m), Buffer.from('not json').toString('base64url'), m.key, m.algorithm),
  ],
  [
    'claims that are not UTF-8',
    (m) =>
      signJws(
        header(m),
        Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url'),
        m.key,
        m.algorithm,
      ),
  ],
  ['a truncated signature', (m) => validToken(m).slice(0, -10)],
  ['no signature', (m) => validToken(m).replace(/[^.]+$/, '')],
  [
    'claims changed after signing',
    (m) => {
      const [h, , s] = validToken(m).split('.');
      return `${h}.${b64(claims(m, { sub: 'admin' }))}.${s}`;
    },
  ],
  [
    'a signature from another key',
    (m) =>
      signJws(
        header(m),
        claims(m),
        m.algorithm === 'HS256'
          ? 'another-key-another-key-another-key!!'
          : createPrivateKey(generateSigningKeys(m.algorithm as 'RS256' | 'ES256').privateKey),
        m.algorithm,
      ),
  ],
  // Key selection from a key set.
  ['an unknown kid', (m) => sign(m, { kid: 'no-such-key' }), (m) => m.jwks],
  ['kid as an object', (m) => sign(m, { kid: { id: 'rsa-1' } }), (m) => m.jwks],
  ['the kid of the EC key on an RS256 token', (m) => sign(m, { kid: 'ec-1' }), (m) => m.jwks],
  [
    'an embedded jwk header naming the attacker key',
    (m) => {
      const attacker = generateSigningKeys('RS256');
      const jwk = createPublicKey(attacker.publicKey).export({ format: 'jwk' });
      return signJws(
        header(m, { alg: 'RS256', jwk, kid: undefined }),
        claims(m),
        attacker.privateKey,
        'RS256',
      );
    },
    (m) => m.algorithm === 'RS256',
  ],
];

interface RawResponse {
  status: number;
  body: unknown;
  /** The client side's address of the connection: what the server sees as remote. */
  from: string | undefined;
}

function call(
  address: string,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string | string[]> = {},
  body?: object,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = httpRequest(
      {
        host: address,
        port,
        method,
        path,
        headers: {
          ...headers,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString() || 'null'),
            from: request.socket?.localAddress,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

function expectRejected(response: Response, status = 401): void {
  expect({ status: response.status, body: response.body }).toEqual({
    status,
    body: expect.objectContaining({
      statusCode: status,
      error: status === 401 ? 'Unauthorized' : 'Bad Request',
      message: expect.any(String),
    }),
  });
  expectNoLeak(response);
}

/** Everything the app writes to stdout/stderr while a test runs (the logs). */
function captureOutput(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write.bind(stream);
    return jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
      chunks.push(String(chunk));
      return original(chunk as string, ...rest);
    }) as typeof stream.write);
  });
  return { text: () => chunks.join(''), restore: () => spies.forEach((s) => s.mockRestore()) };
}

const STACK = /\n\s+at |Unhandled error/;

describe('token hardening (e2e)', () => {
  let jwks: Awaited<ReturnType<typeof startJwksServer>>;
  let jwksUrl = '';
  beforeAll(async () => {
    jwks = await startJwksServer();
    jwksUrl = jwks.url;
  });
  afterAll(() => jwks?.close());

  describe.each(modes(() => jwksUrl).map((mode) => [mode.name, mode] as const))('%s', (_, mode) => {
    let t: TestApp;
    let port: number;
    let output: ReturnType<typeof captureOutput>;
    let logged: jest.SpyInstance[];

    beforeAll(async () => {
      t = await createTestApp({ config: mode.config });
      if (mode.config.isProduction) await t.app.get(Database).write(({ sql }) => new UsersRepository().insertMissing(sql, IDP_USER));
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as AddressInfo).port;
      output = captureOutput();
      logged = [jest.spyOn(Logger.prototype, 'error'), jest.spyOn(Logger.prototype, 'warn')];
    });
    afterAll(async () => {
      output?.restore();
      logged?.forEach((spy) => spy.mockRestore());
      await t?.close();
    });

    const me = (token: string) => t.http.get('/api/me').set('Authorization', `Bearer ${token}`);

    it('accepts a valid token', async () => {
      const response = await me(validToken(mode)).expect(200);
      expect(response.body.id).toBe(mode.user);
      if (mode.jwks) {
        const es256 = { ...mode, algorithm: 'ES256' as const, kid: 'ec-1', key: ec.privateKey };
        await me(validToken(es256)).expect(200);
      }
    });

    it('accepts times within the leeway, and typ in any case', async () => {
      const inside = TOKEN_LEEWAY_SECONDS - 10;
      await me(sign(mode, {}, { iat: later(inside) })).expect(200);
      await me(sign(mode, {}, { nbf: later(inside) })).expect(200);
      await me(sign(mode, {}, { exp: later(-inside) })).expect(200);
      await me(sign(mode, { typ: 'jwt' })).expect(200);
      await me(sign(mode, {}, { iat: undefined })).expect(200);
    });

    const cases = BAD_TOKENS.filter(([, , applies]) => !applies || applies(mode));
    it.each(cases.map(([name, make]) => [name, make] as const))(
      'refuses %s with 401',
      async (_, make) => {
        expectRejected(await me(make(mode)));
      },
    );

    it.each([
      [
        'a valid one followed by a forged one',
        () => [validToken(mode), sign(mode, {}, { sub: 'admin' }) + 'x'],
      ],
      ['a forged one followed by a valid one', () => ['forged', validToken(mode)]],
      ['the same valid one twice', () => [validToken(mode), validToken(mode)]],
    ])('answers 400 for two Authorization headers: %s', async (_, tokens) => {
      // node:http sends each value of an array as its own header line.
      const response = await call('127.0.0.1', port, 'GET', '/api/me', {
        authorization: tokens().map((token) => `Bearer ${token}`),
      });
      expect(response).toMatchObject({
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          code: 'VALIDATION_FAILED',
          fields: [{ field: 'Authorization' }],
        },
      });
    });

    it('logged no error, no warning and no stack trace for any of them', () => {
      for (const spy of logged) expect(spy).not.toHaveBeenCalled();
      expect(output.text()).not.toMatch(STACK);
    });
  });

  describe('JWT_TYPE with the identity provider (RS256)', () => {
    let t: TestApp;
    const mode: Mode = {
      name: 'RS256 with JWT_TYPE=at+jwt',
      algorithm: 'RS256',
      key: createPrivateKey(rsa.privateKey),
      config: { jwt: { mode: 'public-key', publicKey: rsa.publicKey }, jwtType: 'at+jwt' },
      user: 'vgr.handlaggare',
      expectsJwtTyp: false,
      jwks: false,
    };
    beforeAll(async () => {
      t = await createTestApp({ config: mode.config });
    });
    afterAll(() => t?.close());

    const me = (token: string) => t.http.get('/api/me').set('Authorization', `Bearer ${token}`);

    it('accepts the configured typ, with or without the application/ prefix', async () => {
      await me(sign(mode, { typ: 'at+jwt' })).expect(200);
      await me(sign(mode, { typ: 'application/at+jwt' })).expect(200);
      await me(sign(mode, { typ: 'AT+JWT' })).expect(200);
    });

    it.each([
      ['typ JWT', { typ: 'JWT' }],
      ['no typ', { typ: undefined }],
      ['typ as an array', { typ: ['at+jwt'] }],
    ])('refuses %s with 401', async (_, overrides) => {
      expectRejected(await me(sign(mode, overrides)));
    });
  });

  describe('JWKS endpoint that does not answer', () => {
    let t: TestApp;
    beforeAll(async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      t = await createTestApp({
        config: { jwt: { mode: 'jwks', jwksUrl: `http://127.0.0.1:${port}/jwks` } },
      });
    });
    afterAll(() => t?.close());

    it('answers 401 and logs one warning line, without a stack', async () => {
      // The testing module's logger drops warnings, so watch what reaches the logger.
      const warn = jest.spyOn(Logger.prototype, 'warn');
      const error = jest.spyOn(Logger.prototype, 'error');
      let response: Response;
      try {
        const token = signJws(
          { alg: 'RS256', typ: 'JWT', kid: 'rsa-1' },
          { sub: 'vgr.handlaggare', exp: later(600) },
          rsa.privateKey,
          'RS256',
        );
        response = await t.http.get('/api/me').set('Authorization', `Bearer ${token}`);
        expect(warn.mock.calls).toEqual([[expect.stringContaining('Token could not be verified')]]);
        expect(String(warn.mock.calls[0][0])).not.toMatch(STACK);
        expect(error).not.toHaveBeenCalled();
      } finally {
        warn.mockRestore();
        error.mockRestore();
      }
      expectRejected(response);
      expect(response.body.message).toBe('Token could not be verified');
    });
  });
});

describe('production without demo users (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      config: { ...production, jwt: { mode: 'public-key', publicKey: ec.publicKey } },
    });
  });
  afterAll(() => t?.close());

  it('seeds the reference data but no user at all', async () => {
    const users = await t.app.get(Database).read(({ sql }) => new UsersRepository().list(sql));
    expect(users).toEqual([]);
    const organisations: { n: number | string }[] = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM organisations',
    );
    expect(Number(organisations[0].n)).toBe(60);
    expect(DEMO_USERS.map((u) => u.id)).toContain('admin');
  });

  it('answers the development identity routes exactly like routes that do not exist', async () => {
    const missing = await t.http.post('/api/auth/no-such-route').send({ userId: 'admin' });
    const expected = (method: string, path: string) => ({
      ...missing.body,
      message: `Cannot ${method} ${path}`,
    });
    expect(missing.status).toBe(404);
    for (const [method, path, body] of [
      ['GET', '/api/auth/demo-users', undefined],
      ['POST', '/api/auth/dev-token', { userId: 'admin' }],
      ['POST', '/api/auth/dev-token', { userId: 42, extra: true }],
    ] as const) {
      const request = method === 'GET' ? t.http.get(path) : t.http.post(path).send(body);
      const response = await request;
      expect({ status: response.status, body: response.body }).toEqual({
        status: 404,
        body: expected(method, path),
      });
    }
  });

  it('does not let an identity-provider token for "admin" in', async () => {
    const token = signJws(
      { alg: 'ES256', typ: 'JWT' },
      { sub: 'admin', role: 'admin', exp: later(600) },
      ec.privateKey,
      'ES256',
    );
    expectRejected(await t.http.get('/api/users').set('Authorization', `Bearer ${token}`));
  });
});

/** This machine's own addresses that are not loopback (and not link-local, which needs a scope). */
function nonLoopbackAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && !a.address.startsWith('fe80'))
    .map((a) => a!.address);
}

describe('development identity provider over the network (e2e)', () => {
  let t: TestApp;
  let port: number;
  const remote = nonLoopbackAddresses();

  beforeAll(async () => {
    t = await createTestApp({ config: { nodeEnv: 'development', isProduction: false } });
    // Every interface, IPv4 and IPv6, as HOST=:: would.
    await t.app.listen(0, '::');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  it.each(['127.0.0.1', '::1'])('answers a caller on this machine (%s)', async (address) => {
    const users = await call(address, port, 'GET', '/api/auth/demo-users');
    expect(users.status).toBe(200);
    expect(isLoopbackAddress(users.from)).toBe(true);
    const token = await call(address, port, 'POST', '/api/auth/dev-token', {}, { userId: 'admin' });
    expect(token).toMatchObject({ status: 200, body: { token: expect.any(String) } });
  });

  (remote.length > 0 ? it : it.skip)(
    `answers 404 to a caller from another address (${remote.join(', ') || 'none on this machine'}), whatever its headers say`,
    async () => {
      const spoof = {
        'x-forwarded-for': '127.0.0.1',
        forwarded: 'for=127.0.0.1',
        'x-real-ip': '127.0.0.1',
      };
      for (const address of remote) {
        for (const headers of [{}, spoof]) {
          const users = await call(address, port, 'GET', '/api/auth/demo-users', headers);
          expect(isLoopbackAddress(users.from)).toBe(false);
          expect(users).toMatchObject({
            status: 404,
            body: {
              statusCode: 404,
              error: 'Not Found',
              message: 'Cannot GET /api/auth/demo-users',
            },
          });
          const token = await call(address, port, 'POST', '/api/auth/dev-token', headers, {
            userId: 'admin',
          });
          expect(token).toMatchObject({
            status: 404,
            body: {
              statusCode: 404,
              error: 'Not Found',
              message: 'Cannot POST /api/auth/dev-token',
            },
          });
          // The rest of the API stays reachable from the network with a token.
          const me = await call(address, port, 'GET', '/api/me', {
            authorization: `Bearer ${t.token('vgr.handlaggare')}`,
          });
          expect(me.status).toBe(200);
        }
      }
    },
  );
});
