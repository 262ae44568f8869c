import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HttpRequest as Request } from '../common/request-context';
import { DomainError } from '../common/domain-error';

import { IS_PUBLIC_KEY } from './auth.constants';
import { AuthService } from './auth.service';
import { incomingMessage } from './incoming-message';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    if (context.getType() !== 'http') return false;
    const request = context.switchToHttp().getRequest<Request>();
    // Node keeps only the first of repeated Authorization headers in `headers`.
    const values = incomingMessage(request).headersDistinct['authorization'] ?? [];
    if (values.length > 1) {
      throw new DomainError('VALIDATION_FAILED', 'Send exactly one Authorization header', {
        fields: [{ field: 'Authorization', message: 'header must be sent exactly once' }],
      });
    }
    const match = BEARER.exec(values[0] ?? '');
    if (!match) throw new DomainError('UNAUTHENTICATED', 'Missing bearer token');
    request.actor = await this.auth.authenticate(match[1]);
    return true;
  }
}
