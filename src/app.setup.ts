import { LogLevel as NestLogLevel, ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { validationFailed } from './common/error-response';
import './common/request-context';
import { requestIds } from './common/request-log';
import type { AppConfig, LogLevel } from './config/app-config';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { WorkflowDirectory } from './workflow/workflow-directory';
import { Metrics } from './metrics/metrics.service';

/** The largest request body accepted (413 beyond it). */
export const BODY_LIMIT = 1024 * 1024;

/**
 * JSON text may carry lone UTF-16 surrogates ("\ud800"), which are not text: they cannot be
 * stored faithfully or canonicalised for the audit hash; and NUL ("\u0000"), which PostgreSQL
 * cannot store in text at all. Refused while parsing, so they answer 400 on every database.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const notText = (s: string): boolean => s.includes('\0') || LONE_SURROGATE.test(s);

function rejectNonText(key: string, value: unknown): unknown {
  if (notText(key) || (typeof value === 'string' && notText(value))) {
    throw Object.assign(new SyntaxError('not text'), { statusCode: 400, code: 'NOT_TEXT', field: notText(key) ? '(key)' : key });
  }
  return value;
}

const NEST_LEVELS: Record<LogLevel, NestLogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

const SELF = ["'self'"];

/** helmet's headers, set on the raw response before Fastify writes its own. */
function securityHeaders(fastify: FastifyInstance): void {
  const directives = {
    defaultSrc: SELF,
    scriptSrc: SELF,
    styleSrc: SELF,
    imgSrc: SELF,
    fontSrc: SELF,
    connectSrc: SELF,
    formAction: SELF,
    baseUri: SELF,
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
  };
  type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
  const strict: Middleware = helmet({ contentSecurityPolicy: { useDefaults: false, directives } });
  // Swagger UI ships an inline <style> block and data: images.
  const docs: Middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, styleSrc: [...SELF, "'unsafe-inline'"], imgSrc: [...SELF, 'data:'] },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    (request.url.startsWith('/api/docs') ? docs : strict)(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });
}

/** JSON bodies only, at most BODY_LIMIT, lone surrogates and NUL refused. */
function jsonBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string, rejectNonText));
    } catch (error) {
      const e = error as Error & { code?: string };
      done(e.code === 'NOT_TEXT' ? e : Object.assign(e, { statusCode: 400, code: 'INVALID_JSON' }), undefined);
    }
  });
}

function setupSwagger(app: NestFastifyApplication): void {
  const document = buildOpenApiDocument(app, app.get(WorkflowDirectory).all());
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** Counts and times every answered request by its route template (never the raw path). */
function httpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

/** Serves `<dist|src>/web/public` from `/` (index.html for `/`) when the folder exists. */
export function serveWebUi(app: NestFastifyApplication, dir = join(__dirname, 'web', 'public')): boolean {
  if (!existsSync(join(dir, 'index.html'))) return false;
  app.useStaticAssets({ root: dir, prefix: '/', index: ['index.html'], maxAge: '5m', wildcard: false });
  return true;
}

/** The HTTP platform: Fastify (measured against Express in `npm run bench`), bodies parsed by ourselves. */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: BODY_LIMIT, return503OnClosing: true });
}

/**
 * Everything main.ts and the tests share: logging, request ids, security headers, body limits,
 * validation, the error filter, OpenAPI and the web UI. Call before `app.init()`/`listen()`, on
 * an app created with {@link createHttpAdapter} and `bodyParser: false` (bodies are parsed here).
 */
export function configureApp(app: NestFastifyApplication, config: AppConfig): NestFastifyApplication {
  app.useLogger(NEST_LEVELS[config.logLevel]);
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const logRequests = NEST_LEVELS[config.logLevel].includes('log');
  requestIds(fastify, logRequests ? (line) => process.stdout.write(`${JSON.stringify(line)}\n`) : null);
  httpMetrics(fastify, app.get(Metrics));
  securityHeaders(fastify);
  jsonBodies(fastify);
  // Failures before a route's handler (body too large, not JSON, wrong media type) reach the
  // AllExceptionsFilter through the error handler Nest installs on Fastify at init.
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationFailed }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  // API_DOCS=false: /api/docs and /api/docs-json are not served (404 like any unknown path).
  if (config.apiDocs !== false) setupSwagger(app);
  serveWebUi(app);
  return app;
}
