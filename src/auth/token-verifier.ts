import { Inject, Injectable } from '@nestjs/common';
import jwt, { Algorithm, JwtPayload } from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';

export interface VerifiedClaims {
  sub: string;
  role?: string;
}

const DEV_ALGORITHMS: Algorithm[] = ['HS256'];
const IDP_ALGORITHMS: Algorithm[] = ['RS256', 'ES256'];

function unauthenticated(message: string): DomainError {
  return new DomainError('UNAUTHENTICATED', message);
}

/**
 * Verifies bearer JWTs: HS256 with the development key, or RS256/ES256 with the identity
 * provider's public key / JWKS. `alg: none`, other algorithms, foreign keys, expired tokens
 * and tokens without `sub` or `exp` are rejected.
 */
@Injectable()
export class TokenVerifier {
  private readonly algorithms: Algorithm[];
  private readonly jwks?: jwksRsa.JwksClient;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.algorithms = config.jwt.mode === 'dev-secret' ? DEV_ALGORITHMS : IDP_ALGORITHMS;
    if (config.jwt.mode === 'jwks') {
      this.jwks = jwksRsa({
        jwksUri: config.jwt.jwksUrl,
        cache: true,
        cacheMaxAge: 10 * 60 * 1000,
        rateLimit: true,
        jwksRequestsPerMinute: 10,
        timeout: 5000,
      });
    }
  }

  async verify(token: string): Promise<VerifiedClaims> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') {
      throw unauthenticated('Malformed bearer token');
    }
    const alg = decoded.header.alg;
    if (!alg || alg.toLowerCase() === 'none' || !this.algorithms.includes(alg as Algorithm)) {
      throw unauthenticated('Token algorithm not accepted');
    }

    const key = await this.keyFor(decoded.header.kid);
    let payload: string | JwtPayload;
    try {
      payload = jwt.verify(token, key, {
        algorithms: this.algorithms,
        clockTolerance: 30,
        ...(this.config.jwtIssuer ? { issuer: this.config.jwtIssuer } : {}),
        ...(this.config.jwtAudience ? { audience: this.config.jwtAudience } : {}),
      });
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw unauthenticated('Token has expired');
      if (error instanceof jwt.NotBeforeError) throw unauthenticated('Token is not valid yet');
      throw unauthenticated('Invalid token');
    }
    if (typeof payload === 'string') throw unauthenticated('Malformed bearer token');
    if (typeof payload.exp !== 'number') throw unauthenticated('Token has no expiry');
    if (typeof payload.sub !== 'string' || payload.sub.trim() === '') {
      throw unauthenticated('Token has no subject');
    }
    const role: unknown = payload['role'];
    if (role !== undefined && typeof role !== 'string') {
      throw unauthenticated('Token role is malformed');
    }
    return { sub: payload.sub, role };
  }

  private async keyFor(kid: string | undefined): Promise<string> {
    const jwtConfig = this.config.jwt;
    if (jwtConfig.mode === 'dev-secret') return jwtConfig.secret;
    if (jwtConfig.mode === 'public-key') return jwtConfig.publicKey;
    try {
      const signingKey = await this.jwks!.getSigningKey(kid);
      return signingKey.getPublicKey();
    } catch {
      throw unauthenticated('Token signing key is unknown');
    }
  }
}
