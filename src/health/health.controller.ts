import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { HttpReply } from '../common/request-context';
import { Public } from '../auth/public.decorator';
import { HealthService, HealthStatus, LiveStatus, ReadyStatus } from './health.service';

class HealthStatusDto implements HealthStatus {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ enum: ['ok', 'error'] }) database!: 'ok' | 'error';
}

class LiveStatusDto implements LiveStatus {
  @ApiProperty({ enum: ['ok', 'shutting_down'] }) status!: 'ok' | 'shutting_down';
}

class ReadyStatusDto implements ReadyStatus {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status!: 'ok' | 'error' | 'shutting_down';
  @ApiProperty({ enum: ['ok', 'error'], description: 'Whether the database answered within 2 s' })
  database!: 'ok' | 'error';
  @ApiProperty({
    enum: ['ok', 'error', 'unknown'],
    description: 'Whether every migration of this build is applied (unknown while the database does not answer)',
  })
  migrations!: 'ok' | 'error' | 'unknown';
  @ApiPropertyOptional({ type: [String], description: 'Migrations not yet applied, oldest first' })
  pendingMigrations?: string[];
}

/** Public probes for load balancers and orchestrators; they reveal no data. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Combined health check (the database answers)' })
  @ApiOkResponse({ type: HealthStatusDto, description: 'The database answers' })
  @ApiServiceUnavailableResponse({ type: HealthStatusDto, description: 'The database does not answer' })
  async check(@Res({ passthrough: true }) response: HttpReply): Promise<HealthStatus> {
    const result = await this.health.check();
    response.status(result.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process runs (restart it if this fails)' })
  @ApiOkResponse({ type: LiveStatusDto, description: 'The process runs' })
  @ApiServiceUnavailableResponse({ type: LiveStatusDto, description: 'The process is shutting down' })
  live(@Res({ passthrough: true }) response: HttpReply): LiveStatus {
    const result = this.health.live();
    response.status(result.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers and has every migration (send traffic only if this is 200)' })
  @ApiOkResponse({ type: ReadyStatusDto, description: 'Ready to serve' })
  @ApiServiceUnavailableResponse({
    type: ReadyStatusDto,
    description: 'Not ready: the body names what failed (database, migrations) or that the process is shutting down',
  })
  async ready(@Res({ passthrough: true }) response: HttpReply): Promise<ReadyStatus> {
    const result = await this.health.ready();
    response.status(result.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return result;
  }
}
