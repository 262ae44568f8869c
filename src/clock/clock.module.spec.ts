import { Test } from '@nestjs/testing';
import { APP_CONFIG, AppConfig, ConfigError } from '../config/app-config';
import { Clock } from './clock';
import { CLOCK_REFRESH_INTERVAL_MS, ClockModule, clockOptions } from './clock.module';

const base = { isProduction: false } as AppConfig;

describe('clockOptions', () => {
  it('is not controllable unless CLOCK_CONTROL is on', () => {
    expect(clockOptions(base)).toEqual({
      controllable: false,
      refreshIntervalMs: CLOCK_REFRESH_INTERVAL_MS,
    });
    expect(clockOptions({ ...base, clockControl: true }).controllable).toBe(true);
  });

  it('refuses clock control in production however the configuration was built', () => {
    expect(() => clockOptions({ ...base, isProduction: true, clockControl: true })).toThrow(
      ConfigError,
    );
    expect(clockOptions({ ...base, isProduction: true }).controllable).toBe(false);
  });
});

describe('ClockModule', () => {
  const compile = (config: Partial<AppConfig>) =>
    Test.createTestingModule({ imports: [ClockModule] })
      .overrideProvider(APP_CONFIG)
      .useValue({ ...base, ...config })
      .compile();

  it('provides one controllable clock when CLOCK_CONTROL is on', async () => {
    const moduleRef = await compile({ clockControl: true });
    const clock = moduleRef.get(Clock);
    expect(clock.controllable).toBe(true);
    await moduleRef.close();
  });

  it('refuses to start with clock control in production', async () => {
    await expect(compile({ isProduction: true, clockControl: true })).rejects.toThrow(
      'Configuration error: CLOCK_CONTROL must not be true when NODE_ENV=production',
    );
  });
});
