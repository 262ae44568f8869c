import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/actor';
import { CurrentActor } from './current-actor.decorator';
import { DevIdentityService } from './dev-identity.service';
import { MeResponse } from './dto/auth.response';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(private readonly identity: DevIdentityService) {}

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user: role, organisation and the organisations it acts for' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentActor() actor: Actor): Promise<MeResponse> {
    return this.identity.describe(actor);
  }
}
