import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { UserResponse } from '../users/dto/user.response';
import { CurrentActor } from './current-actor.decorator';
import { DevIdentityService } from './dev-identity.service';
import { DevTokenResponse, MeResponse } from './dto/auth.response';
import { DevTokenRequest } from './dto/dev-token.request';
import { Public } from './public.decorator';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(private readonly identity: DevIdentityService) {}

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return this.identity.describe(actor);
  }

  @Public()
  @Get('auth/demo-users')
  @ApiOkResponse({ type: [UserResponse], description: 'Development identity provider only' })
  demoUsers(): Promise<UserResponse[]> {
    return this.identity.demoUsers('/api/auth/demo-users');
  }

  @Public()
  @Post('auth/dev-token')
  @HttpCode(200)
  @ApiOkResponse({ type: DevTokenResponse, description: 'Development identity provider only' })
  async devToken(@Body() body: DevTokenRequest): Promise<DevTokenResponse> {
    return { token: await this.identity.issueToken('/api/auth/dev-token', body.userId) };
  }
}
