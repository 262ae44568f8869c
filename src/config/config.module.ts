import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, loadAppConfig } from './app-config';

let bootConfig: AppConfig | undefined;

/** The process's configuration, validated on first use and then reused. */
export function appConfig(): AppConfig {
  bootConfig ??= loadAppConfig();
  return bootConfig;
}

/** Provides the validated AppConfig under APP_CONFIG; import it where the config is needed. */
@Module({
  providers: [{ provide: APP_CONFIG, useFactory: appConfig }],
  exports: [APP_CONFIG],
})
export class ConfigModule {}
