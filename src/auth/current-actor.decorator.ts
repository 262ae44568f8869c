import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { HttpRequest as Request } from '../common/request-context';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';


/** The authenticated caller (set by JwtAuthGuard); pass it explicitly to services. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<Request>().actor;
  if (!actor) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
  return actor;
});
