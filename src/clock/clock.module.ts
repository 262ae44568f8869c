import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_CONFIG, AppConfig, ConfigError } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { Clock, CLOCK_OPTIONS, ClockOptions } from './clock';
import { ClockControlMiddleware } from './clock-control.middleware';
import { CLOCK_STORE } from './clock-store';
import { ClockController } from './clock.controller';
import { InMemoryClockStore } from './in-memory-clock-store';

export const CLOCK_REFRESH_INTERVAL_MS = 1000;

export function clockOptions(config: AppConfig): ClockOptions {
  // loadAppConfig already refuses this; a configuration built another way must not slip past.
  if (config.clockControl && config.isProduction) {
    throw new ConfigError('CLOCK_CONTROL', 'must not be true when NODE_ENV=production');
  }
  return {
    controllable: config.clockControl === true,
    refreshIntervalMs: CLOCK_REFRESH_INTERVAL_MS,
  };
}

/** The one clock. Import it wherever "now" is needed; the offset store is in memory for now. */
@Module({
  imports: [ConfigModule],
  controllers: [ClockController],
  providers: [
    Clock,
    { provide: CLOCK_STORE, useClass: InMemoryClockStore },
    { provide: CLOCK_OPTIONS, inject: [APP_CONFIG], useFactory: clockOptions },
  ],
  exports: [Clock],
})
export class ClockModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ClockControlMiddleware).forRoutes(ClockController);
  }
}
