import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OrganisationResponse, RolloutPlanResponse } from './dto/organisation.response';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get('organisations')
  @ApiOkResponse({ type: [OrganisationResponse] })
  list(): Promise<OrganisationResponse[]> {
    return this.organisations.list();
  }

  @Get('rollout-plan')
  @ApiOkResponse({ type: RolloutPlanResponse })
  rolloutPlan(): Promise<RolloutPlanResponse> {
    return this.organisations.rolloutPlan();
  }
}
