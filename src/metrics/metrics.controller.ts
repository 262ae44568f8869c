import { Controller, Get, Header, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import type { HttpReply } from '../common/request-context';
import { MetricsGuard } from './metrics.guard';
import { Metrics } from './metrics.service';

/** The bearer scheme of METRICS_TOKEN in the OpenAPI document (not a user's JWT). */
export const METRICS_SECURITY = 'metrics-token';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  // Public to the JWT guard: MetricsGuard decides, with its own token.
  @Public()
  @UseGuards(MetricsGuard)
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics (requests, events, group commits, process)' })
  @ApiBearerAuth(METRICS_SECURITY)
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and was not sent as the bearer token' })
  @ApiNotFoundResponse({
    description: 'No METRICS_TOKEN is set and the caller is not on this machine, or this is production',
  })
  async scrape(@Res({ passthrough: true }) reply: HttpReply): Promise<string> {
    const { contentType, body } = await this.metrics.scrape();
    reply.header('Content-Type', contentType);
    return body;
  }
}
