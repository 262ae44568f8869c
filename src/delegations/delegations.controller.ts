import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/actor';
import { DelegationsService } from './delegations.service';
import { CreateDelegationDto, DelegationListResponse, DelegationResponse } from './dto/delegation.dto';

@ApiTags('delegations')
@ApiBearerAuth()
@Controller('api/delegations')
export class DelegationsController {
  constructor(private readonly delegations: DelegationsService) {}

  @Post()
  @Roles('admin', 'steering_group')
  @ApiOperation({ summary: 'Delegate a member\'s duties for a window of time (admin or the delegating member)' })
  @ApiCreatedResponse({ type: DelegationResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateDelegationDto): Promise<DelegationResponse> {
    return this.delegations.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Delegations: all for admin, otherwise those from or to the caller' })
  @ApiOkResponse({ type: DelegationListResponse })
  list(@CurrentActor() actor: Actor): Promise<DelegationListResponse> {
    return this.delegations.list(actor);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a delegation (admin, the principal or the delegate)' })
  @ApiOkResponse({ type: DelegationResponse })
  revoke(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DelegationResponse> {
    return this.delegations.revoke(actor, id);
  }
}
