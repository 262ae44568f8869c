import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { devIdentityProviderEnabled } from './dev-token';
import { incomingMessage } from './incoming-message';
import { isLoopbackAddress } from './loopback';

/**
 * The development identity provider hands out tokens for any user, so it answers only on a
 * development installation and only to a caller on this machine (the socket's address, never a
 * header). Everyone else gets exactly the 404 of a route that does not exist.
 */
@Injectable()
export class DevIdentityGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<unknown>();
    const remote = incomingMessage(request).socket?.remoteAddress;
    if (devIdentityProviderEnabled(this.config) && isLoopbackAddress(remote)) return true;
    const http = this.adapterHost.httpAdapter;
    throw new NotFoundException(
      `Cannot ${http.getRequestMethod(request)} ${http.getRequestUrl(request)}`,
    );
  }
}
