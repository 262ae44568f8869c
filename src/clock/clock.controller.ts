import { Body, Controller, Delete, Put } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Clock } from './clock';
import { ClockResponse } from './dto/clock.response';
import { SetClockDto } from './dto/set-clock.dto';

/**
 * Test control of the clock (CLOCK_CONTROL=true): any authenticated caller. Left out of the
 * OpenAPI document, and answered like an unknown route when control is off.
 */
@ApiExcludeController()
@Controller('api/test/clock')
export class ClockController {
  constructor(private readonly clock: Clock) {}

  @Put()
  async set(@Body() dto: SetClockDto): Promise<ClockResponse> {
    return ClockResponse.of(await this.clock.set(new Date(dto.now)));
  }

  @Delete()
  async reset(): Promise<ClockResponse> {
    return ClockResponse.of(await this.clock.reset());
  }
}
