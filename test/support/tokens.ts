import { generateKeyPairSync, KeyObject } from 'node:crypto';
import jwt, { Algorithm } from 'jsonwebtoken';

/** The development key every test app uses, so tokens work across app instances. */
export const TEST_JWT_SECRET = 'test-only-development-key-0123456789abcdef';

export interface SignOptions {
  /** HMAC secret or PEM/KeyObject private key; defaults to TEST_JWT_SECRET. */
  key?: string | Buffer | KeyObject;
  algorithm?: Algorithm;
  /** e.g. '8h', or seconds; `null` signs without `exp`. */
  expiresIn?: string | number | null;
  subject?: string;
  header?: Record<string, unknown>;
}

/** Signs arbitrary claims; use for negative auth tests (wrong key, alg, expiry, claims). */
export function signToken(claims: Record<string, unknown>, options: SignOptions = {}): string {
  const { key = TEST_JWT_SECRET, algorithm = 'HS256', expiresIn = '1h', subject, header } = options;
  return jwt.sign(claims, key, {
    algorithm,
    ...(expiresIn === null ? {} : { expiresIn: expiresIn as jwt.SignOptions['expiresIn'] }),
    ...(subject ? { subject } : {}),
    ...(header ? { header: { alg: algorithm, ...header } } : {}),
  });
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
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
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
