import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserResponse } from '../users/dto/user.response';
import { DevIdentityGuard } from './dev-identity.guard';
import { DevIdentityService } from './dev-identity.service';
import { DevTokenResponse } from './dto/auth.response';
import { DevTokenRequest } from './dto/dev-token.request';
import { Public } from './public.decorator';

@ApiTags('auth')
@Controller('api/auth')
@UseGuards(DevIdentityGuard)
@ApiNotFoundResponse({
  description: 'In production, with an identity provider key, or from another machine',
})
export class DevIdentityController {
  constructor(private readonly identity: DevIdentityService) {}

  @Public()
  @Get('demo-users')
  @ApiOperation({ summary: 'Development only, from this machine: the demo users one may sign in as' })
  @ApiOkResponse({ type: [UserResponse], description: 'Development identity provider only' })
  demoUsers(): Promise<UserResponse[]> {
    return this.identity.demoUsers();
  }

  @Public()
  @Post('dev-token')
  @ApiOperation({ summary: 'Development only, from this machine: a token for a demo user' })
  @HttpCode(200)
  @ApiOkResponse({ type: DevTokenResponse, description: 'Development identity provider only' })
  async devToken(@Body() body: DevTokenRequest): Promise<DevTokenResponse> {
    return { token: await this.identity.issueToken(body.userId) };
  }
}
