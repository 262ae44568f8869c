import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HttpReply } from '../common/request-context';
import { Public } from '../auth/public.decorator';
import { HealthService, HealthStatus } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Public: whether the service and its database answer' })
  @ApiOkResponse({ description: '{ status: "ok", database: "ok" }' })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async check(@Res({ passthrough: true }) response: HttpReply): Promise<HealthStatus> {
    const result = await this.health.check();
    response.status(result.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }
}
