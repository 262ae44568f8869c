import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../common/actor';
import { OrganisationResponse, RolloutPlanResponse } from './dto/organisation.response';
import { UpdateOrganisationGoLiveDto, UpdateStageGoLiveDto } from './dto/update-planned-go-live.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get('organisations')
  @ApiOperation({ summary: 'Every organisation: municipalities, kommunalförbund, VästKom, VGR, with planned go-live' })
  @ApiOkResponse({ type: [OrganisationResponse] })
  list(): Promise<OrganisationResponse[]> {
    return this.organisations.list();
  }

  @Get('rollout-plan')
  @ApiOperation({ summary: 'The rollout plan: stages, areas and each organisation’s planned go-live' })
  @ApiOkResponse({ type: RolloutPlanResponse })
  rolloutPlan(): Promise<RolloutPlanResponse> {
    return this.organisations.rolloutPlan();
  }

  @Patch('organisations/:id')
  @Roles('admin')
  @ApiOperation({ summary: "Admin: set an organisation's planned go-live (a kommunalförbund's members move with it)" })
  @ApiOkResponse({ type: [OrganisationResponse] })
  setPlannedGoLive(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: UpdateOrganisationGoLiveDto,
  ): Promise<OrganisationResponse[]> {
    return this.organisations.setPlannedGoLive(actor, id, dto.plannedGoLive);
  }

  @Patch('rollout-plan/stages/:id')
  @Roles('admin')
  @ApiOperation({ summary: "Admin: move a rollout stage's date (organisations still on its old date move with it)" })
  @ApiOkResponse({ type: RolloutPlanResponse })
  setStageGoLive(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() dto: UpdateStageGoLiveDto,
  ): Promise<RolloutPlanResponse> {
    return this.organisations.setStageGoLive(actor, id, dto.plannedGoLive);
  }
}
