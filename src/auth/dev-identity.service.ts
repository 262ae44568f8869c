import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { UserResponse } from '../users/dto/user.response';
import { UsersService } from '../users/users.service';
import { DevTokenSigner } from './dev-token';
import { MeResponse } from './dto/auth.response';

/**
 * The caller's description, and the development identity provider behind the web sign-in page
 * (its routes are guarded by DevIdentityGuard: absent in production and from other machines).
 */
@Injectable()
export class DevIdentityService {
  constructor(
    private readonly signer: DevTokenSigner,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  demoUsers(): Promise<UserResponse[]> {
    return this.users.list();
  }

  async issueToken(userId: string): Promise<string> {
    const user = await this.users.findById(userId);
    if (!user || !user.active) throw new DomainError('NOT_FOUND', `Unknown user ${userId}`);
    return this.signer.sign(user);
  }

  async describe(actor: Actor): Promise<MeResponse> {
    const user = await this.users.findById(actor.id);
    return {
      id: actor.id,
      name: actor.name,
      title: user?.title ?? '',
      role: actor.role,
      organisationId: actor.organisationId,
      organisationName: user?.organisationName ?? actor.organisationId,
      actsFor: actor.actsFor,
      now: this.clock.nowIso(),
    };
  }
}
