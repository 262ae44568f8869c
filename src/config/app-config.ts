import { randomBytes, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

export type DatabaseConfig =
  { type: 'sqlite'; path: string } | { type: 'postgres'; url: string; schema?: string };

/**
 * How bearer tokens are verified: the development identity provider's shared HS256 key,
 * or the region's identity provider (a PEM public key or a JWKS endpoint, RS256/ES256 only).
 */
export type JwtConfig =
  | { mode: 'dev-secret'; secret: string; generated: boolean }
  | { mode: 'public-key'; publicKey: string }
  | { mode: 'jwks'; jwksUrl: string };

export interface AppConfig {
  port: number;
  /** Interface to listen on; unset means every interface (Node's default). */
  host?: string;
  nodeEnv: NodeEnv;
  isProduction: boolean;
  database: DatabaseConfig;
  dataDir: string;
  jwt: JwtConfig;
  /** Optional `iss` / `aud` claims tokens must carry. */
  jwtIssuer?: string;
  jwtAudience?: string;
  /** The `typ` header tokens must carry (compared as a media type); unset: not checked. */
  jwtType?: string;
  referencePrefix: string;
  logLevel: LogLevel;
  /** Folder of workflow definitions (*.json); the repository's workflows/ by default. */
  workflowsDir?: string;
  /** Create the demo change requests on first start (development default). */
  demoData?: boolean;
  /** CLOCK_CONTROL: tests may move the clock over HTTP (never in production). */
  clockControl?: boolean;
  /** API_DOCS: serve Swagger UI and the OpenAPI document (SPEC §7; default on, `false` turns both off). */
  apiDocs?: boolean;
  /**
   * METRICS_TOKEN: the bearer token `/metrics` asks for. Unset: `/metrics` answers only callers
   * on this machine outside production, and nobody (404) in production.
   */
  metricsToken?: string;
  /** SHUTDOWN_TIMEOUT_MS: how long a shutdown waits for requests in flight (default 10 s). */
  shutdownTimeoutMs?: number;
  /** PUBLIC_URL: where users open the web interface; links in e-mails start with it. */
  publicUrl?: string;
  /** SMTP_URL (smtp:// or smtps://host:port) and MAIL_FROM; unset: no e-mail is sent. */
  mail?: MailConfig;
  /** SCHEDULER_INTERVAL_MS: how often timers (reminders, scheduled reports) look at the clock (default 60 s). */
  schedulerIntervalMs?: number;
  /** WEBHOOK_TIMEOUT_MS, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_BASE_MS; unset fields take the defaults. */
  webhooks?: WebhookConfig;
  /**
   * WEEKLY_REPORT_SCHEDULE and WEEKLY_REPORT_RECIPIENTS: when the Regional rapport is compiled
   * and stored each week, and who it is mailed to. Unset (`off`, or a configuration built by
   * hand as the tests do): no scheduled report.
   */
  weeklyReport?: WeeklyReportConfig;
}

/** A moment in every ISO week, Europe/Stockholm wall-clock time. */
export interface WeeklyReportSchedule {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
  minute: number;
}

export interface WeeklyReportConfig {
  schedule: WeeklyReportSchedule;
  /** The distribution list: one mail each; may be empty (stored, not mailed). */
  recipients: string[];
}

export interface WebhookConfig {
  /** How long one attempt may take before it counts as failed (default 10 s). */
  timeoutMs?: number;
  /** Tries per delivery before it is marked failed (default 6). */
  maxAttempts?: number;
  /** First retry delay; each further one doubles (default 30 s). */
  retryBaseMs?: number;
  /** How often the dispatcher looks for due deliveries besides the nudges (default 5 s). */
  pollMs?: number;
}

export const WEBHOOK_DEFAULTS: Required<WebhookConfig> = { timeoutMs: 10_000, maxAttempts: 6, retryBaseMs: 30_000, pollMs: 5_000 };

export interface MailConfig {
  smtpUrl: string;
  from: string;
  /** Tries per mail before it is marked failed (default 5). */
  maxAttempts?: number;
  /** First retry delay; each further one doubles (default 30 s). */
  retryBaseMs?: number;
  /** How often the dispatcher looks for due mails besides the nudge after a commit (default 5 s). */
  pollMs?: number;
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** A configuration problem: one line naming the variable, never its value. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Configuration error: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/andringsbegaran.sqlite';
export const DEFAULT_DATA_DIR = './data';
const NODE_ENVS: readonly NodeEnv[] = ['development', 'production', 'test'];
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];
const MIN_SECRET_LENGTH = 32;
const MIN_METRICS_TOKEN_LENGTH = 16;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
const MAX_SHUTDOWN_TIMEOUT_MS = 10 * 60_000;

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 3000;
  if (!/^\d+$/.test(raw)) throw new ConfigError('PORT', 'must be an integer between 1 and 65535');
  const port = Number(raw);
  if (port < 1 || port > 65535) {
    throw new ConfigError('PORT', 'must be an integer between 1 and 65535');
  }
  return port;
}

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** The listen address: loopback unless production or HOST says otherwise. */
export function parseHost(raw: string | undefined, isProduction: boolean): string | undefined {
  if (raw === undefined) return isProduction ? undefined : '127.0.0.1';
  if (isIP(raw) === 0 && !HOST_NAME.test(raw)) {
    throw new ConfigError('HOST', 'must be an IP address (e.g. 0.0.0.0 or ::) or a host name');
  }
  return raw;
}

/** A media type as RFC 7515 §4.1.9 `typ` uses it: `JWT`, `at+jwt`, `application/at+jwt`. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(?:\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126})?$/i;

export function parseDatabaseUrl(raw: string | undefined): DatabaseConfig {
  const url = raw ?? DEFAULT_DATABASE_URL;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new ConfigError('DATABASE_URL', 'must name a file after "sqlite:"');
    return { type: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return { type: 'postgres', url };
  }
  throw new ConfigError(
    'DATABASE_URL',
    'must start with "sqlite:" or "postgres://" (or "postgresql://")',
  );
}

function parseEnum<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
  fallback: T,
  aliases: Record<string, T> = {},
): T {
  if (raw === undefined) return fallback;
  const value = aliases[raw.toLowerCase()] ?? raw.toLowerCase();
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Reads the development key from `<dataDir>/jwt-secret`, creating it once if missing. */
export function loadOrCreateDevSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError('DATA_DIR', `is not readable (${file})`);
    }
  }
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError('DATA_DIR', `is not writable (cannot create ${file})`);
    }
  }
  return readFileSync(file, 'utf8').trim();
}

function parseJwt(env: Env, isProduction: boolean, dataDir: string): JwtConfig {
  const secret = read(env, 'JWT_SECRET');
  const publicKey = read(env, 'JWT_PUBLIC_KEY');
  const jwksUrl = read(env, 'JWKS_URL');

  if (publicKey !== undefined && jwksUrl !== undefined) {
    throw new ConfigError('JWKS_URL', 'cannot be combined with JWT_PUBLIC_KEY; set only one');
  }
  if (secret !== undefined && (publicKey !== undefined || jwksUrl !== undefined)) {
    throw new ConfigError(
      'JWT_SECRET',
      'cannot be combined with JWT_PUBLIC_KEY or JWKS_URL (the development key is HS256 only)',
    );
  }
  if (publicKey !== undefined) {
    const pem = publicKey.replace(/\\n/g, '\n');
    // createPublicKey would quietly derive the public half of a private key.
    if (pem.includes('PRIVATE KEY')) {
      throw new ConfigError('JWT_PUBLIC_KEY', 'must be a public key, not a private key');
    }
    let key;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new ConfigError('JWT_PUBLIC_KEY', 'is not a PEM-encoded RSA or EC public key');
    }
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === 'rsa') {
      if ((details.modulusLength ?? 0) < 2048) {
        throw new ConfigError('JWT_PUBLIC_KEY', 'must be an RSA key of at least 2048 bits');
      }
    } else if (key.asymmetricKeyType === 'ec') {
      if (details.namedCurve !== 'prime256v1') {
        throw new ConfigError('JWT_PUBLIC_KEY', 'must be an EC key on P-256 (ES256)');
      }
    } else {
      throw new ConfigError('JWT_PUBLIC_KEY', 'is not a PEM-encoded RSA or EC public key');
    }
    return { mode: 'public-key', publicKey: pem };
  }
  if (jwksUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(jwksUrl);
    } catch {
      throw new ConfigError('JWKS_URL', 'is not a valid URL');
    }
    if (parsed.protocol !== 'https:' && (isProduction || parsed.protocol !== 'http:')) {
      throw new ConfigError('JWKS_URL', 'must be an https:// URL');
    }
    return { mode: 'jwks', jwksUrl };
  }
  if (secret !== undefined) {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError('JWT_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters long`);
    }
    return { mode: 'dev-secret', secret, generated: false };
  }
  if (isProduction) {
    throw new ConfigError(
      'JWT_SECRET',
      'or JWT_PUBLIC_KEY or JWKS_URL must be set when NODE_ENV=production',
    );
  }
  return { mode: 'dev-secret', secret: loadOrCreateDevSecret(dataDir), generated: true };
}

/** CLOCK_CONTROL=true lets tests move the clock over HTTP; a production server refuses to start with it. */
export function parseClockControl(raw: string | undefined, isProduction: boolean): boolean {
  const enabled = parseEnum('CLOCK_CONTROL', raw, ['true', 'false'] as const, 'false') === 'true';
  if (enabled && isProduction) {
    throw new ConfigError('CLOCK_CONTROL', 'must not be true when NODE_ENV=production');
  }
  return enabled;
}

/** SHUTDOWN_TIMEOUT_MS: a whole number of milliseconds, 1 to 600000. */
export function parseShutdownTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const ms = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(ms >= 1 && ms <= MAX_SHUTDOWN_TIMEOUT_MS)) {
    throw new ConfigError('SHUTDOWN_TIMEOUT_MS', `must be an integer between 1 and ${MAX_SHUTDOWN_TIMEOUT_MS}`);
  }
  return ms;
}

/** METRICS_TOKEN: long enough not to be guessed, and sendable as a bearer token. */
export function parseMetricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.length < MIN_METRICS_TOKEN_LENGTH || !/^[A-Za-z0-9._~+/=-]+$/.test(raw)) {
    throw new ConfigError(
      'METRICS_TOKEN',
      `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters of A-Z a-z 0-9 . _ ~ + / = -`,
    );
  }
  return raw;
}

/** PUBLIC_URL: an http(s) URL without credentials. */
export function parsePublicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL', 'is not a valid URL');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password) {
    throw new ConfigError('PUBLIC_URL', 'must be an http:// or https:// URL without credentials');
  }
  return raw.replace(/\/+$/, '');
}

/** A whole number between `min` and `max`; unset gives `fallback`. */
export function parseBoundedInteger(name: string, raw: string | undefined, min: number, max: number, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new ConfigError(name, `must be an integer between ${min} and ${max}`);
  return value;
}

export const DEFAULT_SCHEDULER_INTERVAL_MS = 60_000;

/**
 * SMTP_URL and MAIL_FROM: both or neither; MAIL_MAX_ATTEMPTS (tries before a mail is marked
 * failed, default 5) and MAIL_RETRY_BASE_MS (the first retry's delay, doubling after, default 30 s).
 */
export function parseMail(smtpUrl: string | undefined, from: string | undefined, env: Env = {}): AppConfig['mail'] {
  if (smtpUrl === undefined) {
    if (from !== undefined) throw new ConfigError('SMTP_URL', 'must be set when MAIL_FROM is');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new ConfigError('SMTP_URL', 'is not a valid smtp:// URL');
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
    throw new ConfigError('SMTP_URL', 'must be smtp://host:port or smtps://host:port');
  }
  if (from === undefined || !/^[^@\s<>]+@[^@\s<>]+$/.test(from.replace(/^.*<(.+)>$/, '$1'))) {
    throw new ConfigError('MAIL_FROM', 'must be an e-mail address when SMTP_URL is set');
  }
  const maxAttempts = parseBoundedInteger('MAIL_MAX_ATTEMPTS', read(env, 'MAIL_MAX_ATTEMPTS'), 1, 20, 5);
  const retryBaseMs = parseBoundedInteger('MAIL_RETRY_BASE_MS', read(env, 'MAIL_RETRY_BASE_MS'), 100, 3_600_000, 30_000);
  return { smtpUrl, from, ...(maxAttempts !== 5 && { maxAttempts }), ...(retryBaseMs !== 30_000 && { retryBaseMs }) };
}

/** The webhook dispatcher's settings: whole numbers within sane bounds, defaults otherwise. */
export function parseWebhooks(env: Env): Required<WebhookConfig> {
  return {
    timeoutMs: parseBoundedInteger('WEBHOOK_TIMEOUT_MS', read(env, 'WEBHOOK_TIMEOUT_MS'), 100, 120_000, WEBHOOK_DEFAULTS.timeoutMs),
    maxAttempts: parseBoundedInteger('WEBHOOK_MAX_ATTEMPTS', read(env, 'WEBHOOK_MAX_ATTEMPTS'), 1, 20, WEBHOOK_DEFAULTS.maxAttempts),
    retryBaseMs: parseBoundedInteger('WEBHOOK_RETRY_BASE_MS', read(env, 'WEBHOOK_RETRY_BASE_MS'), 1, 24 * 3_600_000, WEBHOOK_DEFAULTS.retryBaseMs),
    pollMs: WEBHOOK_DEFAULTS.pollMs,
  };
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const DEFAULT_WEEKLY_REPORT_SCHEDULE: WeeklyReportSchedule = { weekday: 4, hour: 7, minute: 0 };
const SCHEDULE = /^([a-z]{3})\s+(\d{1,2}):(\d{2})$/i;

/**
 * WEEKLY_REPORT_SCHEDULE: a weekday and a time in Europe/Stockholm, `thu 07:00` (the default:
 * the seed's report is compiled "primärt på torsdagar"), or `off`.
 */
export function parseWeeklyReportSchedule(raw: string | undefined): WeeklyReportSchedule | null {
  if (raw === undefined) return DEFAULT_WEEKLY_REPORT_SCHEDULE;
  if (raw.toLowerCase() === 'off') return null;
  const match = SCHEDULE.exec(raw);
  const weekday = match ? WEEKDAYS.indexOf(match[1].toLowerCase() as (typeof WEEKDAYS)[number]) + 1 : 0;
  if (!match || weekday === 0) {
    throw new ConfigError('WEEKLY_REPORT_SCHEDULE', `must be a weekday (${WEEKDAYS.join(', ')}) and a time HH:MM, e.g. "thu 07:00", or off`);
  }
  const hour = parseBoundedInteger('WEEKLY_REPORT_SCHEDULE', match[2], 0, 23, 0);
  const minute = parseBoundedInteger('WEEKLY_REPORT_SCHEDULE', match[3], 0, 59, 0);
  return { weekday, hour, minute };
}

const EMAIL_ADDRESS = /^[^\s@,<>"]+@[^\s@,<>"]+\.[^\s@,<>"]+$/;
const MAX_RECIPIENTS = 100;

/**
 * WEEKLY_REPORT_RECIPIENTS: comma-separated e-mail addresses (at most 100, each at most 200
 * characters so that it fits the outbox's delivery key; a repeated address counts once). An
 * error names the entry's position, never an address.
 */
export function parseWeeklyReportRecipients(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const entries = raw.split(',').map((entry) => entry.trim());
  const seen = new Map<string, string>();
  entries.forEach((address, i) => {
    if (address.length > 200 || !EMAIL_ADDRESS.test(address)) {
      throw new ConfigError('WEEKLY_REPORT_RECIPIENTS', `must be comma-separated e-mail addresses (entry ${i + 1} is not one)`);
    }
    if (!seen.has(address.toLowerCase())) seen.set(address.toLowerCase(), address);
  });
  if (seen.size > MAX_RECIPIENTS) {
    throw new ConfigError('WEEKLY_REPORT_RECIPIENTS', `must list at most ${MAX_RECIPIENTS} addresses`);
  }
  return [...seen.values()];
}

/** Validates the environment once; throws ConfigError naming the first bad variable. */
export function loadAppConfig(env: Env = process.env): AppConfig {
  const nodeEnv = parseEnum<NodeEnv>('NODE_ENV', read(env, 'NODE_ENV'), NODE_ENVS, 'development', {
    dev: 'development',
    prod: 'production',
  });
  const isProduction = nodeEnv === 'production';
  const port = parsePort(read(env, 'PORT'));
  const host = parseHost(read(env, 'HOST'), isProduction);
  const database = parseDatabaseUrl(read(env, 'DATABASE_URL'));
  const dataDir = resolve(read(env, 'DATA_DIR') ?? DEFAULT_DATA_DIR);
  const logLevel = parseEnum<LogLevel>('LOG_LEVEL', read(env, 'LOG_LEVEL'), LOG_LEVELS, 'log', {
    info: 'log',
  });
  const referencePrefix = read(env, 'REFERENCE_PREFIX') ?? 'ÄB';
  if (!/^[\p{L}\p{N}]{1,10}$/u.test(referencePrefix)) {
    throw new ConfigError('REFERENCE_PREFIX', 'must be 1-10 letters or digits');
  }
  const jwt = parseJwt(env, isProduction, dataDir);
  const clockControl = parseClockControl(read(env, 'CLOCK_CONTROL'), isProduction);
  const jwtType = read(env, 'JWT_TYPE');
  if (jwtType !== undefined && !MEDIA_TYPE.test(jwtType)) {
    throw new ConfigError('JWT_TYPE', 'must be a media type such as JWT or at+jwt');
  }
  const demoData =
    parseEnum(
      'DEMO_DATA',
      read(env, 'DEMO_DATA'),
      ['true', 'false'] as const,
      isProduction ? 'false' : 'true',
    ) === 'true';
  if (demoData && isProduction) {
    throw new ConfigError('DEMO_DATA', 'cannot be true when NODE_ENV=production (no demo users)');
  }
  const weeklyReportSchedule = parseWeeklyReportSchedule(read(env, 'WEEKLY_REPORT_SCHEDULE'));
  const weeklyReportRecipients = parseWeeklyReportRecipients(read(env, 'WEEKLY_REPORT_RECIPIENTS'));
  const apiDocs =
    parseEnum('API_DOCS', read(env, 'API_DOCS'), ['true', 'false'] as const, 'true') ===
    'true';
  return {
    port,
    host,
    nodeEnv,
    isProduction,
    database,
    dataDir,
    jwt,
    jwtIssuer: read(env, 'JWT_ISSUER'),
    jwtAudience: read(env, 'JWT_AUDIENCE'),
    jwtType,
    referencePrefix,
    logLevel,
    workflowsDir: read(env, 'WORKFLOWS_DIR') ? resolve(read(env, 'WORKFLOWS_DIR')!) : undefined,
    demoData,
    clockControl,
    apiDocs,
    metricsToken: parseMetricsToken(read(env, 'METRICS_TOKEN')),
    shutdownTimeoutMs: parseShutdownTimeout(read(env, 'SHUTDOWN_TIMEOUT_MS')),
    publicUrl: parsePublicUrl(read(env, 'PUBLIC_URL')),
    mail: parseMail(read(env, 'SMTP_URL'), read(env, 'MAIL_FROM'), env),
    schedulerIntervalMs: parseBoundedInteger('SCHEDULER_INTERVAL_MS', read(env, 'SCHEDULER_INTERVAL_MS'), 100, 3_600_000, DEFAULT_SCHEDULER_INTERVAL_MS),
    webhooks: parseWebhooks(env),
    weeklyReport: weeklyReportSchedule ? { schedule: weeklyReportSchedule, recipients: weeklyReportRecipients } : undefined,
  };
}
