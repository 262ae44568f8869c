import jwt from 'jsonwebtoken';
import type { AppConfig } from '../config/app-config';
import { DEV_TOKEN_LIFETIME } from './auth.constants';

export interface TokenSubject {
  id: string;
  name: string;
  role: string;
}

/** Whether the development identity provider (HS256 key) is active. */
export function devIdentityProviderEnabled(config: AppConfig): boolean {
  return config.jwt.mode === 'dev-secret';
}

/** Signs an 8-hour HS256 token for a user with the development key. */
export function signDevToken(config: AppConfig, user: TokenSubject): string {
  if (config.jwt.mode !== 'dev-secret') {
    throw new Error(
      'The development identity provider is disabled (JWT_PUBLIC_KEY or JWKS_URL is set)',
    );
  }
  return jwt.sign({ role: user.role, name: user.name }, config.jwt.secret, {
    algorithm: 'HS256',
    subject: user.id,
    expiresIn: DEV_TOKEN_LIFETIME,
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  });
}
