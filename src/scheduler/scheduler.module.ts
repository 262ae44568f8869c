import { Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module';
import { ConfigModule } from '../config/config.module';
import { Scheduler } from './scheduler';

/** Timers from the one clock; modules with work that falls due register a ScheduledJob. */
@Module({
  imports: [ConfigModule, ClockModule],
  providers: [Scheduler],
  exports: [Scheduler],
})
export class SchedulerModule {}
