import {
  createHmac,
  createPrivateKey,
  createSecretKey,
  generateKeyPairSync,
  KeyObject,
  sign as signData,
} from 'node:crypto';

/**
 * Test tokens are signed here with node:crypto, independently of the app's jose verifier, and
 * synchronously (t.token(...) is used in expressions everywhere). Unlike a JOSE library this
 * signer also produces the hostile-but-correctly-signed tokens the negative tests need.
 */

/** The development key every test app uses, so tokens work across app instances. */
export const TEST_JWT_SECRET = 'test-only-development-key-0123456789abcdef';

const TEST_KEY = createSecretKey(Buffer.from(TEST_JWT_SECRET, 'utf8'));

export type Algorithm = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'ES256';

const HASH: Record<Algorithm, string> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
  RS256: 'sha256',
  ES256: 'sha256',
};

export interface SignOptions {
  /** HMAC secret or PEM/KeyObject private key; defaults to TEST_JWT_SECRET. */
  key?: string | Buffer | KeyObject;
  algorithm?: Algorithm;
  /** Seconds, or e.g. '8h' / '30m' / '45s'; `null` signs without `exp`. */
  expiresIn?: string | number | null;
  subject?: string;
  /** Merged over `{ alg, typ: 'JWT' }`; any value goes, even a non-string `alg`. */
  header?: Record<string, unknown>;
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function seconds(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^(\d+)([smhd])$/.exec(value);
  if (!match) throw new Error(`unsupported duration ${value}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

function signature(input: string, key: string | Buffer | KeyObject, algorithm: Algorithm): Buffer {
  const hash = HASH[algorithm];
  if (algorithm.startsWith('HS')) return createHmac(hash, key).update(input).digest();
  const privateKey = key instanceof KeyObject ? key : createPrivateKey(key);
  return algorithm === 'ES256'
    ? signData(hash, Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' })
    : signData(hash, Buffer.from(input), privateKey);
}

/**
 * A compact JWS with exactly this header and payload (an object, or a string used verbatim as
 * the payload segment), signed with `key` under `algorithm` whatever the header claims.
 */
export function signJws(
  header: Record<string, unknown>,
  payload: Record<string, unknown> | string,
  key: string | Buffer | KeyObject = TEST_KEY,
  algorithm: Algorithm = 'HS256',
): string {
  const input = `${part(header)}.${typeof payload === 'string' ? payload : part(payload)}`;
  return `${input}.${signature(input, key, algorithm).toString('base64url')}`;
}

/** Signs arbitrary claims; use for negative auth tests (wrong key, alg, expiry, claims). */
export function signToken(claims: Record<string, unknown>, options: SignOptions = {}): string {
  const { key = TEST_KEY, algorithm = 'HS256', expiresIn = '1h', subject, header } = options;
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iat: now,
    ...(expiresIn === null ? {} : { exp: now + seconds(expiresIn) }),
    ...(subject ? { sub: subject } : {}),
    ...claims,
  };
  return signJws({ alg: algorithm, typ: 'JWT', ...header }, payload, key, algorithm);
}

/** A token for a user id with the test development key. */
export function tokenFor(userId: string, claims: Record<string, unknown> = {}): string {
  return signToken(claims, { subject: userId });
}

/** An already expired token for a user id. */
export function expiredTokenFor(userId: string): string {
  const past = Math.floor(Date.now() / 1000) - 3600;
  return signToken({ sub: userId, iat: past - 60, exp: past }, { expiresIn: null });
}

/** An unsigned `alg: none` token. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ exp, ...claims })}.`;
}

/** A fresh asymmetric key pair (PEM) for RS256 or ES256 tests. */
export function generateSigningKeys(algorithm: 'RS256' | 'ES256'): {
  privateKey: string;
  publicKey: string;
} {
  const pair =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
