import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import {
  createRemoteJWKSet,
  errors,
  importSPKI,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DEV_TOKEN_ALGORITHM, TOKEN_LEEWAY_SECONDS } from './auth.constants';
import { expectedTokenType, importDevKey } from './dev-token';
import { wallClock } from '../clock/clock';

export interface VerifiedClaims {
  sub: string;
  role?: string;
}

interface Verification {
  key: JWTVerifyGetKey;
  options: JWTVerifyOptions;
}

const JWKS_OPTIONS = { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 };

/**
 * Tokens already verified, by their exact text: a client sends the same token on every request,
 * and its signature cannot become valid or invalid later, so it is checked once. Only `exp` can
 * change its verdict: it is checked on every use. An entry lives at most CACHE_TTL_MS, so a key
 * withdrawn from the identity provider's key set stops being honoured within that time. Whether
 * the user is still active, and their role, are read from the database on every request anyway.
 */
const CACHE_SIZE = 10_000;
const CACHE_TTL_MS = 60_000;

interface Verified {
  claims: VerifiedClaims;
  exp: number;
  until: number;
}

function unauthenticated(message: string): DomainError {
  return new DomainError('UNAUTHENTICATED', message);
}

/** The key (or key set) and the algorithms it may verify, built once from the configuration. */
async function buildVerification(config: AppConfig): Promise<Verification> {
  const jwt = config.jwt;
  let key: JWTVerifyGetKey;
  let algorithms: string[];
  if (jwt.mode === 'dev-secret') {
    const secret = await importDevKey(jwt.secret, ['verify']);
    key = async () => secret;
    algorithms = [DEV_TOKEN_ALGORITHM];
  } else if (jwt.mode === 'public-key') {
    const keyObject = createPublicKey(jwt.publicKey);
    const algorithm = keyObject.asymmetricKeyType === 'rsa' ? 'RS256' : 'ES256';
    const spki = keyObject.export({ type: 'spki', format: 'pem' }).toString();
    const publicKey = await importSPKI(spki, algorithm);
    key = async () => publicKey;
    algorithms = [algorithm];
  } else {
    key = createRemoteJWKSet(new URL(jwt.jwksUrl), JWKS_OPTIONS);
    algorithms = ['RS256', 'ES256'];
  }
  return {
    key,
    options: {
      algorithms,
      typ: expectedTokenType(config),
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      clockTolerance: TOKEN_LEEWAY_SECONDS,
      requiredClaims: ['exp', 'sub'],
    },
  };
}

/**
 * Verifies bearer JWTs with jose: HS256 with the development key, or RS256/ES256 with the
 * identity provider's public key (the algorithm its key type allows) or JWKS. The `alg` must be
 * a string on that list; `crit` is honoured (this service understands no extension, so any
 * `crit` is refused); `typ` must match when one is expected; `exp` and `sub` are required and
 * `iat`, `nbf`, `exp` hold within TOKEN_LEEWAY_SECONDS. Anything else answers 401.
 */
@Injectable()
export class TokenVerifier implements OnModuleInit {
  private readonly logger = new Logger(TokenVerifier.name);
  private verification?: Verification;
  private readonly verified = new Map<string, Verified>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    this.verification = await buildVerification(this.config);
  }

  async verify(token: string): Promise<VerifiedClaims> {
    const nowMs = wallClock().getTime();
    const cached = this.verified.get(token);
    if (cached) {
      if (nowMs < cached.until && nowMs / 1000 <= cached.exp + TOKEN_LEEWAY_SECONDS) return cached.claims;
      this.verified.delete(token);
    }
    const claims = await this.verifyOnce(token);
    if (this.verified.size >= CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims: claims.claims, exp: claims.exp, until: nowMs + CACHE_TTL_MS });
    return claims.claims;
  }

  private async verifyOnce(token: string): Promise<{ claims: VerifiedClaims; exp: number }> {
    if (!this.verification) throw new Error('TokenVerifier used before start-up');
    const { key, options } = this.verification;
    let verified;
    try {
      verified = await jwtVerify(token, key, options);
    } catch (error) {
      throw this.rejection(error);
    }
    const { payload, protectedHeader } = verified;
    // jose knows RFC 7797's b64 extension; JWTs never use it (RFC 7797 §7).
    if (protectedHeader.crit !== undefined || protectedHeader.b64 !== undefined) {
      throw unauthenticated('Token names a critical header extension that is not supported');
    }
    // Tokens are stamped by the identity provider's clock: compared with the machine's, not the product's.
    const now = Math.floor(wallClock().getTime() / 1000);
    if (payload.iat !== undefined && payload.iat > now + TOKEN_LEEWAY_SECONDS) {
      throw unauthenticated('Token is issued in the future');
    }
    if (typeof payload.sub !== 'string' || payload.sub.trim() === '') {
      throw unauthenticated('Token has no subject');
    }
    const role: unknown = payload['role'];
    if (role !== undefined && typeof role !== 'string') {
      throw unauthenticated('Token role is malformed');
    }
    // jwtVerify required exp (requiredClaims) and checked that it is a number.
    return { claims: { sub: payload.sub, role }, exp: payload.exp! };
  }

  /** What a failed verification answers; never the token's own text. */
  private rejection(error: unknown): DomainError {
    if (error instanceof errors.JWTExpired) return unauthenticated('Token has expired');
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.reason === 'missing') return unauthenticated(`Token has no "${error.claim}" claim`);
      if (error.claim === 'nbf') return unauthenticated('Token is not valid yet');
      if (error.claim === 'typ') return unauthenticated('Token type not accepted');
      return unauthenticated(`Token claim "${error.claim}" not accepted`);
    }
    if (error instanceof errors.JOSEAlgNotAllowed) {
      return unauthenticated('Token algorithm not accepted');
    }
    if (error instanceof errors.JOSENotSupported) {
      return unauthenticated('Token uses an unsupported algorithm or critical header extension');
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return unauthenticated('Token signature is invalid');
    }
    if (
      error instanceof errors.JWKSNoMatchingKey ||
      error instanceof errors.JWKSMultipleMatchingKeys
    ) {
      return unauthenticated('Token signing key is unknown');
    }
    if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
      return unauthenticated('Malformed bearer token');
    }
    // The identity provider's key set is unreachable or unusable: worth a line, not a stack.
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.logger.warn(`Token could not be verified (${detail})`);
    return unauthenticated('Token could not be verified');
  }
}
