import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HttpRequest as Request } from '../common/request-context';
import { DomainError } from '../common/domain-error';

import type { Role } from '../common/roles';

import { ROLES_KEY } from './auth.constants';

/** Checks @Roles(...) against the authenticated actor; runs after the global JwtAuthGuard. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) return true;
    const actor = context.switchToHttp().getRequest<Request>().actor;
    if (!actor) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
    if (!roles.includes(actor.role)) {
      throw new DomainError('FORBIDDEN', `Role ${actor.role} may not do this`, {
        requiredRoles: roles,
      });
    }
    return true;
  }
}
