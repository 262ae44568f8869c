import { LogLevel as NestLogLevel, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { toErrorResponse, validationFailed } from './common/error-response';
import './common/request-context';
import { requestIdMiddleware } from './common/request-id.middleware';
import type { AppConfig, LogLevel } from './config/app-config';

export const BODY_LIMIT = '1mb';

/**
 * JSON text may carry lone UTF-16 surrogates ("\ud800"), which are not text: they cannot be
 * stored faithfully or canonicalised for the audit hash. Refused while parsing, so they answer 400.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function rejectLoneSurrogates(key: string, value: unknown): unknown {
  if (LONE_SURROGATE.test(key) || (typeof value === 'string' && LONE_SURROGATE.test(value))) {
    throw new SyntaxError('text must be well-formed Unicode (no lone surrogates)');
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

function securityHeaders() {
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
  const strict = helmet({ contentSecurityPolicy: { useDefaults: false, directives } });
  // Swagger UI ships an inline <style> block and data: images.
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        ...directives,
        styleSrc: [...SELF, "'unsafe-inline'"],
        imgSrc: [...SELF, 'data:'],
      },
    },
  });
  return (request: Request, response: Response, next: NextFunction) =>
    (request.path.startsWith('/api/docs') ? docs : strict)(request, response, next);
}

/** body-parser errors happen before Nest's filters; answer them in the same JSON shape. */
function bodyParserErrors(
  error: unknown,
  request: Request,
  response: Response,
  next: NextFunction,
) {
  if (response.headersSent) return next(error);
  const body = toErrorResponse(error, request.requestId);
  response.status(body.statusCode).json(body);
}

function setupSwagger(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Ändringsbegäran')
      .setDescription(
        'Change requests (ändringsbegäran) for the Millennium rollout in Västra Götaland: ' +
          'workflow, decision history, rollout plan and reports.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/**
 * Hook for the web UI: serves `<dist|src>/web/public` from `/` (index.html for `/`) when the
 * folder exists. Returns whether it did.
 */
export function serveWebUi(
  app: NestExpressApplication,
  dir = join(__dirname, 'web', 'public'),
): boolean {
  if (!existsSync(join(dir, 'index.html'))) return false;
  app.useStaticAssets(dir, { index: 'index.html', fallthrough: true, maxAge: '5m' });
  return true;
}

/**
 * Everything main.ts and the tests share: logging, request ids, security headers, body limits,
 * validation, the error filter, OpenAPI and the web UI. Call before `app.init()`/`listen()`;
 * create the app with `{ bodyParser: false }` so the limits below are the only parsers.
 */
export function configureApp(
  app: NestExpressApplication,
  config: AppConfig,
): NestExpressApplication {
  app.useLogger(NEST_LEVELS[config.logLevel]);
  const logRequests = NEST_LEVELS[config.logLevel].includes('log');
  app.use(
    requestIdMiddleware(
      logRequests ? (line) => process.stdout.write(`${JSON.stringify(line)}\n`) : null,
    ),
  );
  app.use(securityHeaders());
  app.useBodyParser('json', { limit: BODY_LIMIT, reviver: rejectLoneSurrogates });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: true });
  app.use(bodyParserErrors);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationFailed,
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  setupSwagger(app);
  serveWebUi(app);
  return app;
}
