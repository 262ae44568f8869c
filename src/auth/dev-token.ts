import { webcrypto } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AppConfig } from '../config/app-config';
import { DEV_TOKEN_ALGORITHM, DEV_TOKEN_LIFETIME, DEV_TOKEN_TYPE } from './auth.constants';

export interface TokenSubject {
  id: string;
  name: string;
  role: string;
}

/**
 * Whether the development identity provider exists: outside production, with the HS256
 * development key (not with JWT_PUBLIC_KEY or JWKS_URL).
 */
export function devIdentityProviderEnabled(config: AppConfig): boolean {
  return !config.isProduction && config.jwt.mode === 'dev-secret';
}

/** The `typ` header tokens must carry: JWT_TYPE, or `JWT` for the development key. */
export function expectedTokenType(config: AppConfig): string | undefined {
  return config.jwtType ?? (config.jwt.mode === 'dev-secret' ? DEV_TOKEN_TYPE : undefined);
}

/** The HS256 key as a non-extractable WebCrypto key, imported once instead of per token. */
export function importDevKey(
  secret: string,
  usages: webcrypto.KeyUsage[],
): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey(
    'raw',
    Buffer.from(secret, 'utf8'),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    usages,
  );
}

/** Signs 8-hour HS256 tokens for users with the development key (built once, at start-up). */
export class DevTokenSigner {
  private constructor(
    private readonly config: AppConfig,
    private readonly key: webcrypto.CryptoKey | undefined,
  ) {}

  static async create(config: AppConfig): Promise<DevTokenSigner> {
    const key =
      devIdentityProviderEnabled(config) && config.jwt.mode === 'dev-secret'
        ? await importDevKey(config.jwt.secret, ['sign'])
        : undefined;
    return new DevTokenSigner(config, key);
  }

  get enabled(): boolean {
    return this.key !== undefined;
  }

  sign(user: TokenSubject): Promise<string> {
    if (!this.key) {
      throw new Error(
        'The development identity provider is disabled (production, JWT_PUBLIC_KEY or JWKS_URL)',
      );
    }
    const token = new SignJWT({ role: user.role, name: user.name })
      .setProtectedHeader({ alg: DEV_TOKEN_ALGORITHM, typ: expectedTokenType(this.config) })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(DEV_TOKEN_LIFETIME);
    if (this.config.jwtIssuer) token.setIssuer(this.config.jwtIssuer);
    if (this.config.jwtAudience) token.setAudience(this.config.jwtAudience);
    return token.sign(this.key);
  }
}
