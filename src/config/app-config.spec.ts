import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  loadAppConfig,
  parseDatabaseUrl,
  parseMail,
  parsePublicUrl,
  parseWebhooks,
  parseWeeklyReportRecipients,
  parseWeeklyReportSchedule,
} from './app-config';

function pemOf(key: KeyObject): string {
  return key.type === 'private'
    ? key.export({ type: 'pkcs8', format: 'pem' }).toString()
    : key.export({ type: 'spki', format: 'pem' }).toString();
}

function rsaPublicKey(modulusLength: number): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength }).publicKey;
}

describe('loadAppConfig', () => {
  let dataDir: string;
  const SECRET = 'x'.repeat(40);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'config-spec-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('applies the defaults', () => {
    const config = loadAppConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      nodeEnv: 'development',
      isProduction: false,
      database: { type: 'sqlite', path: './data/andringsbegaran.sqlite' },
      referencePrefix: 'ÄB',
      logLevel: 'log',
      clockControl: false,
    });
  });

  it('enables clock control with CLOCK_CONTROL=true outside production', () => {
    expect(loadAppConfig({ DATA_DIR: dataDir, CLOCK_CONTROL: 'true' }).clockControl).toBe(true);
    expect(loadAppConfig({ DATA_DIR: dataDir, CLOCK_CONTROL: 'false' }).clockControl).toBe(false);
    expect(
      loadAppConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', CLOCK_CONTROL: 'TRUE' }).clockControl,
    ).toBe(true);
  });

  it('leaves the clock alone in production unless asked', () => {
    const config = loadAppConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: SECRET });
    expect(config.clockControl).toBe(false);
  });

  it('generates the development key once and keeps it under DATA_DIR', () => {
    const first = loadAppConfig({ DATA_DIR: dataDir });
    const second = loadAppConfig({ DATA_DIR: dataDir });
    expect(first.jwt).toMatchObject({ mode: 'dev-secret', generated: true });
    expect(second.jwt).toEqual(first.jwt);
    const file = join(dataDir, 'jwt-secret');
    expect(readFileSync(file, 'utf8').length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '0' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://u:hunter2@db/x' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ JWT_SECRET: 'hunter2' }, 'JWT_SECRET'],
    [{ JWT_PUBLIC_KEY: 'hunter2-not-a-pem' }, 'JWT_PUBLIC_KEY'],
    [{ JWKS_URL: 'not a url hunter2' }, 'JWKS_URL'],
    [{ HOST: 'hunter2 host' }, 'HOST'],
    [{ HOST: 'http://hunter2' }, 'HOST'],
    [{ JWT_TYPE: 'hunter2 jwt' }, 'JWT_TYPE'],
    [{ NODE_ENV: 'production', JWT_SECRET: SECRET, DEMO_DATA: 'true' }, 'DEMO_DATA'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ CLOCK_CONTROL: 'hunter2' }, 'CLOCK_CONTROL'],
    [{ CLOCK_CONTROL: 'true', NODE_ENV: 'production', JWT_SECRET: SECRET }, 'CLOCK_CONTROL'],
  ])('rejects %j naming %s but never the value', (env, variable) => {
    let error: unknown;
    try {
      loadAppConfig({ DATA_DIR: dataDir, ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).message).not.toContain('hunter2');
  });

  it('does not write a key in production', () => {
    expect(() => loadAppConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => statSync(join(dataDir, 'jwt-secret'))).toThrow();
  });

  it('accepts a PEM public key or a JWKS URL in production', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(
      loadAppConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', JWT_PUBLIC_KEY: pem }).jwt,
    ).toEqual({ mode: 'public-key', publicKey: pem.trim() });
    expect(
      loadAppConfig({
        DATA_DIR: dataDir,
        NODE_ENV: 'production',
        JWKS_URL: 'https://idp.example/jwks.json',
      }).jwt,
    ).toEqual({ mode: 'jwks', jwksUrl: 'https://idp.example/jwks.json' });
    expect(
      loadAppConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: SECRET }).jwt,
    ).toEqual({ mode: 'dev-secret', secret: SECRET, generated: false });
  });

  it('listens on loopback outside production unless HOST says otherwise', () => {
    expect(loadAppConfig({ DATA_DIR: dataDir }).host).toBe('127.0.0.1');
    expect(loadAppConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(
      loadAppConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: SECRET }).host,
    ).toBeUndefined();
    for (const host of ['0.0.0.0', '::', '::1', '192.0.2.10', 'localhost', 'app-1.internal']) {
      expect(loadAppConfig({ DATA_DIR: dataDir, HOST: host }).host).toBe(host);
    }
    expect(
      loadAppConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: SECRET, HOST: '::1' })
        .host,
    ).toBe('::1');
  });

  it('serves the API documents (SPEC §7) unless API_DOCS=false, in production too', () => {
    const prod = { DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: SECRET };
    expect(loadAppConfig({ DATA_DIR: dataDir }).apiDocs).toBe(true);
    expect(loadAppConfig({ DATA_DIR: dataDir, API_DOCS: 'false' }).apiDocs).toBe(false);
    expect(loadAppConfig(prod).apiDocs).toBe(true);
    expect(loadAppConfig({ ...prod, API_DOCS: 'false' }).apiDocs).toBe(false);
    expect(() => loadAppConfig({ DATA_DIR: dataDir, API_DOCS: 'off' })).toThrow(
      'Configuration error: API_DOCS must be one of true, false',
    );
  });

  it('reads the metrics token, and names METRICS_TOKEN (never its value) when it is too weak', () => {
    expect(loadAppConfig({ DATA_DIR: dataDir }).metricsToken).toBeUndefined();
    const token = 'm3tr1cs-t0ken-0123456789';
    expect(loadAppConfig({ DATA_DIR: dataDir, METRICS_TOKEN: ` ${token} ` }).metricsToken).toBe(token);
    for (const bad of ['short', 'has spaces in the middle of it', 'ünicode-is-not-a-token-value']) {
      let error: unknown;
      try {
        loadAppConfig({ DATA_DIR: dataDir, METRICS_TOKEN: bad });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('METRICS_TOKEN');
      expect((error as ConfigError).message).not.toContain(bad);
    }
  });

  it('reads the shutdown timeout, 10 s by default', () => {
    expect(loadAppConfig({ DATA_DIR: dataDir }).shutdownTimeoutMs).toBe(10_000);
    expect(loadAppConfig({ DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '2500' }).shutdownTimeoutMs).toBe(2500);
    for (const bad of ['0', '-1', '1.5', '10s', '600001']) {
      expect(() => loadAppConfig({ DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: bad })).toThrow(
        'Configuration error: SHUTDOWN_TIMEOUT_MS must be an integer between 1 and 600000',
      );
    }
  });

  it('reads the expected token type, unset by default', () => {
    expect(loadAppConfig({ DATA_DIR: dataDir }).jwtType).toBeUndefined();
    expect(loadAppConfig({ DATA_DIR: dataDir, JWT_TYPE: 'at+jwt' }).jwtType).toBe('at+jwt');
    expect(loadAppConfig({ DATA_DIR: dataDir, JWT_TYPE: 'application/at+jwt' }).jwtType).toBe(
      'application/at+jwt',
    );
  });

  it.each([
    ['a private key', () => pemOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)],
    ['an RSA key under 2048 bits', () => pemOf(rsaPublicKey(1024))],
    [
      'an EC key on another curve than P-256',
      () => pemOf(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey),
    ],
    ['an Ed25519 key', () => pemOf(generateKeyPairSync('ed25519').publicKey)],
  ])('refuses %s as JWT_PUBLIC_KEY without printing it', (_, pem) => {
    const key = pem();
    let error: unknown;
    try {
      loadAppConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', JWT_PUBLIC_KEY: key });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('JWT_PUBLIC_KEY');
    const body = key.split('\n')[1];
    expect((error as ConfigError).message).not.toContain(body);
  });

  it('accepts a 2048-bit RSA key with its line breaks escaped', () => {
    const pem = pemOf(rsaPublicKey(2048));
    const config = loadAppConfig({
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      JWT_PUBLIC_KEY: pem.trim().replace(/\n/g, '\\n'),
    });
    expect(config.jwt).toEqual({ mode: 'public-key', publicKey: pem.trim() });
  });

  it('refuses a development key combined with an identity provider key', () => {
    expect(() =>
      loadAppConfig({
        DATA_DIR: dataDir,
        JWT_SECRET: SECRET,
        JWKS_URL: 'https://idp.example/jwks',
      }),
    ).toThrow(ConfigError);
  });
});

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:./data/x.sqlite', { type: 'sqlite', path: './data/x.sqlite' }],
    ['sqlite:/var/lib/x.sqlite', { type: 'sqlite', path: '/var/lib/x.sqlite' }],
    [
      'postgres://postgres@127.0.0.1:5432/test',
      { type: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' },
    ],
    ['postgresql://u@h/db', { type: 'postgres', url: 'postgresql://u@h/db' }],
  ])('parses %s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });
});

describe('mail and links', () => {
  it('reads SMTP_URL with MAIL_FROM, both or neither, naming the variable and never its value', () => {
    expect(parseMail(undefined, undefined)).toBeUndefined();
    expect(parseMail('smtp://mail.example.org:25', 'Ändringsbegäran <noreply@example.org>')).toEqual({
      smtpUrl: 'smtp://mail.example.org:25',
      from: 'Ändringsbegäran <noreply@example.org>',
    });
    expect(() => parseMail(undefined, 'noreply@example.org')).toThrow('SMTP_URL must be set when MAIL_FROM is');
    expect(() => parseMail('http://secret-host:25', 'a@b')).toThrow(/^Configuration error: SMTP_URL must be smtp:\/\/host:port/);
    expect(() => parseMail('http://secret-host:25', 'a@b')).not.toThrow(/secret-host/);
    expect(() => parseMail('smtp://h:25', undefined)).toThrow('MAIL_FROM must be an e-mail address');
    expect(() => parseMail('smtp://h:25', 'not an address')).toThrow(ConfigError);
  });

  it('reads the retry settings MAIL_MAX_ATTEMPTS and MAIL_RETRY_BASE_MS, and SCHEDULER_INTERVAL_MS, refusing what is out of range', () => {
    const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'a@example.org' };
    expect(loadAppConfig({ ...base, MAIL_MAX_ATTEMPTS: '3', MAIL_RETRY_BASE_MS: '1000' }).mail).toEqual({
      smtpUrl: 'smtp://127.0.0.1:2525',
      from: 'a@example.org',
      maxAttempts: 3,
      retryBaseMs: 1000,
    });
    expect(() => loadAppConfig({ ...base, MAIL_MAX_ATTEMPTS: '0' })).toThrow('MAIL_MAX_ATTEMPTS must be an integer between 1 and 20');
    expect(() => loadAppConfig({ ...base, MAIL_RETRY_BASE_MS: 'soon' })).toThrow('MAIL_RETRY_BASE_MS must be an integer');
    expect(loadAppConfig(base).schedulerIntervalMs).toBe(60_000);
    expect(loadAppConfig({ ...base, SCHEDULER_INTERVAL_MS: '5000' }).schedulerIntervalMs).toBe(5000);
    expect(() => loadAppConfig({ ...base, SCHEDULER_INTERVAL_MS: '-1' })).toThrow(ConfigError);
  });

  it('reads PUBLIC_URL without a trailing slash and refuses one with credentials', () => {
    expect(parsePublicUrl(undefined)).toBeUndefined();
    expect(parsePublicUrl('https://andringar.example.org/')).toBe('https://andringar.example.org');
    expect(() => parsePublicUrl('https://u:p@andringar.example.org')).toThrow('PUBLIC_URL must be an http:// or https:// URL');
    expect(() => parsePublicUrl('ftp://x')).toThrow(ConfigError);
    expect(loadAppConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'a@example.org' }).mail).toEqual({
      smtpUrl: 'smtp://127.0.0.1:2525',
      from: 'a@example.org',
    });
  });
});

describe('webhooks', () => {
  it('defaults to 10 s per attempt, 6 attempts and a 30 s first retry', () => {
    expect(parseWebhooks({})).toEqual({ timeoutMs: 10_000, maxAttempts: 6, retryBaseMs: 30_000, pollMs: 5_000 });
    expect(loadAppConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) }).webhooks).toEqual(parseWebhooks({}));
  });

  it('reads WEBHOOK_TIMEOUT_MS, WEBHOOK_MAX_ATTEMPTS and WEBHOOK_RETRY_BASE_MS', () => {
    expect(parseWebhooks({ WEBHOOK_TIMEOUT_MS: '2500', WEBHOOK_MAX_ATTEMPTS: ' 3 ', WEBHOOK_RETRY_BASE_MS: '1000' })).toEqual({
      timeoutMs: 2500,
      maxAttempts: 3,
      retryBaseMs: 1000,
      pollMs: 5_000,
    });
  });

  it.each([
    ['WEBHOOK_TIMEOUT_MS', '0', 'must be an integer between 100 and 120000'],
    ['WEBHOOK_TIMEOUT_MS', '10s', 'must be an integer between 100 and 120000'],
    ['WEBHOOK_MAX_ATTEMPTS', '0', 'must be an integer between 1 and 20'],
    ['WEBHOOK_MAX_ATTEMPTS', '2.5', 'must be an integer between 1 and 20'],
    ['WEBHOOK_MAX_ATTEMPTS', '21', 'must be an integer between 1 and 20'],
    ['WEBHOOK_RETRY_BASE_MS', '-5', 'must be an integer between 1 and 86400000'],
  ])('refuses %s=%s, naming the variable and never its value', (name, value, message) => {
    const load = () => loadAppConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), [name]: value });
    expect(load).toThrow(ConfigError);
    // The whole message, exactly: the value is not in it.
    expect(load).toThrow(new Error(`Configuration error: ${name} ${message}`));
  });
});

describe('the weekly report on schedule', () => {
  const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32) };

  it('compiles on Thursdays at 07:00 Europe/Stockholm for nobody by default; off turns it off', () => {
    expect(loadAppConfig(base).weeklyReport).toEqual({ schedule: { weekday: 4, hour: 7, minute: 0 }, recipients: [] });
    expect(loadAppConfig({ ...base, WEEKLY_REPORT_SCHEDULE: 'off' }).weeklyReport).toBeUndefined();
    expect(loadAppConfig({ ...base, WEEKLY_REPORT_SCHEDULE: ' OFF ' }).weeklyReport).toBeUndefined();
  });

  it('reads a weekday and a time, in any case, and refuses anything else naming WEEKLY_REPORT_SCHEDULE', () => {
    expect(parseWeeklyReportSchedule('thu 07:00')).toEqual({ weekday: 4, hour: 7, minute: 0 });
    expect(parseWeeklyReportSchedule('Mon 0:05')).toEqual({ weekday: 1, hour: 0, minute: 5 });
    expect(parseWeeklyReportSchedule('sun  23:59')).toEqual({ weekday: 7, hour: 23, minute: 59 });
    for (const bad of ['thursday 07:00', 'tor 07:00', 'thu', 'thu 7', 'thu 24:00', 'thu 07:60', 'thu 07:00:00', '07:00 thu', 'thu -1:00']) {
      expect(() => parseWeeklyReportSchedule(bad)).toThrow(ConfigError);
      expect(() => parseWeeklyReportSchedule(bad)).toThrow(/^Configuration error: WEEKLY_REPORT_SCHEDULE /);
    }
    expect(() => loadAppConfig({ ...base, WEEKLY_REPORT_SCHEDULE: 'fri 25:00' })).toThrow('WEEKLY_REPORT_SCHEDULE must be an integer between 0 and 23');
  });

  it('reads the distribution list, trimmed and once per address, naming the bad entry by position and never its value', () => {
    expect(parseWeeklyReportRecipients(undefined)).toEqual([]);
    expect(parseWeeklyReportRecipients('ledning@vgregion.se, kommunikation@vgregion.se,Ledning@vgregion.se')).toEqual([
      'ledning@vgregion.se',
      'kommunikation@vgregion.se',
    ]);
    expect(loadAppConfig({ ...base, WEEKLY_REPORT_SCHEDULE: 'fri 16:30', WEEKLY_REPORT_RECIPIENTS: 'a@example.org' }).weeklyReport).toEqual({
      schedule: { weekday: 5, hour: 16, minute: 30 },
      recipients: ['a@example.org'],
    });
    const bad = () => parseWeeklyReportRecipients('a@example.org, secret-person at example.org');
    expect(bad).toThrow('WEEKLY_REPORT_RECIPIENTS must be comma-separated e-mail addresses (entry 2 is not one)');
    expect(bad).not.toThrow(/secret-person/);
    expect(() => parseWeeklyReportRecipients('a@example.org,,b@example.org')).toThrow(ConfigError);
    expect(() => parseWeeklyReportRecipients('Anna <a@example.org>')).toThrow(ConfigError);
    const many = Array.from({ length: 101 }, (_, i) => `u${i}@example.org`).join(',');
    expect(() => loadAppConfig({ ...base, WEEKLY_REPORT_RECIPIENTS: many })).toThrow('WEEKLY_REPORT_RECIPIENTS must list at most 100 addresses');
  });
});
