import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OrganisationsService } from '../organisations/organisations.service';
import { UserResponse } from '../users/dto/user.response';
import { UsersService } from '../users/users.service';
import { devIdentityProviderEnabled, signDevToken } from './dev-token';
import { MeResponse } from './dto/auth.response';

/** The development identity provider behind the web sign-in page; absent in production. */
@Injectable()
export class DevIdentityService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
  ) {}

  async demoUsers(path: string): Promise<UserResponse[]> {
    this.assertAvailable('GET', path);
    return this.users.list();
  }

  async issueToken(path: string, userId: string): Promise<string> {
    this.assertAvailable('POST', path);
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError('NOT_FOUND', `Unknown user ${userId}`);
    return signDevToken(this.config, user);
  }

  async describe(actor: Actor): Promise<MeResponse> {
    const [user, organisation] = await Promise.all([
      this.users.findById(actor.id),
      this.organisations.findById(actor.organisationId),
    ]);
    return {
      id: actor.id,
      name: actor.name,
      title: user?.title ?? '',
      role: actor.role,
      organisationId: actor.organisationId,
      organisationName: organisation?.name ?? actor.organisationId,
      actsFor: actor.actsFor,
    };
  }

  private assertAvailable(method: string, path: string): void {
    if (this.config.isProduction || !devIdentityProviderEnabled(this.config)) {
      throw new DomainError('NOT_FOUND', `Cannot ${method} ${path}`);
    }
  }
}
