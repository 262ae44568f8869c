import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { Role } from '../common/roles';
import { RolesGuard } from './roles.guard';

import { ROLES_KEY } from './auth.constants';

/** Only callers with one of these roles may use the route (403 otherwise). */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(RolesGuard),
    ApiForbiddenResponse({ description: `Requires role: ${roles.join(' or ')}` }),
  );
