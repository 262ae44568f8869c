import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error';
import '../common/request-context';
import { IS_PUBLIC_KEY } from './auth.constants';
import { AuthService } from './auth.service';

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
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw new DomainError('UNAUTHENTICATED', 'Missing bearer token');
    request.actor = await this.auth.authenticate(match[1]);
    return true;
  }
}
