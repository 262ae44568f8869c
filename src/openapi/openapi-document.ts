import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ERROR_STATUS } from '../common/error-codes';
import { METRICS_SECURITY } from '../metrics/metrics.controller';
import type { WorkflowInterpreter } from '../workflow/workflow-interpreter';

type Json = Record<string, unknown>;
type Operation = {
  summary?: string;
  operationId?: string;
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, Json>;
  security?: Record<string, string[]>[];
  tags?: string[];
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** SPEC §7: every error answers `{ statusCode, error, message }`, with details beside them. */
const ERROR_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 409 },
    error: { type: 'string', description: 'The HTTP reason phrase', example: 'Conflict' },
    code: {
      type: 'string',
      enum: [...Object.keys(ERROR_STATUS), 'DATABASE_BUSY'],
      description: 'What went wrong, for programs (absent on errors the platform answers itself, e.g. 404 of an unknown route)',
    },
    retryable: { type: 'boolean', description: '503 DATABASE_BUSY: the same request may be sent again' },
    message: { type: 'string', description: 'What went wrong, in words; never a stack trace or SQL' },
    fields: {
      type: 'array',
      description: '400: the offending fields',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    state: { description: '409 on an event: the current state', oneOf: [{ type: 'string' }, { type: 'object' }] },
    allowedEvents: { type: 'array', items: { type: 'string' }, description: '409 on an event: what may be sent now' },
    currentVersion: { type: 'integer', description: '409 on a stale expectedVersion' },
    requestId: { type: 'string', description: 'The x-request-id to quote when reporting a 500' },
  },
  additionalProperties: true,
};

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid body, parameter or query (the fields are named); nothing changed',
  '401': 'No token, or a token that could not be verified; two Authorization headers answer 400',
  '403': 'The role or organisation may not do this',
  '404': 'Unknown, or not visible to the caller',
  '409': 'Not allowed in the current state, or a stale expectedVersion; nothing changed',
  '413': 'The body is larger than 1 MiB',
  '500': 'An unexpected error; the body names an error id that the log records, never the cause',
  '503': 'The database is busy (code DATABASE_BUSY, retryable) or does not answer; nothing changed',
};

/**
 * The events body: one schema per event type of every loaded workflow, each the definition's
 * own payload schema with `type` and `expectedVersion` beside it, told apart by `type`. A new
 * workflow file documents its events without code.
 */
export function eventBodySchemas(workflows: WorkflowInterpreter<unknown>[]): { schemas: Record<string, Json>; body: Json } {
  const schemas: Record<string, Json> = {};
  const mapping: Record<string, string> = {};
  const seen = new Map<string, Json>();
  for (const workflow of workflows) {
    for (const [type, event] of Object.entries(workflow.definition.events)) {
      const payload = event.payload as Json;
      const name = `${pascal(type)}Event`;
      const properties = {
        type: { type: 'string', enum: [type], description: event.label },
        expectedVersion: { type: 'integer', minimum: 1, description: "Refuse with 409 unless the case's version is still this" },
        onBehalfOf: { type: 'string', description: 'Act as a delegate of this user (a delegation valid now whose scope covers the event; 403 otherwise)' },
        ...((payload.properties as Json | undefined) ?? {}),
      };
      const schema: Json = {
        ...defineConditionalRequirements(stripExtensions(payload)),
        title: `${type} — ${event.label}`,
        description: `${event.label}. Roles: ${event.roles.join(', ')}.`,
        type: 'object',
        required: ['type', ...(((payload.required as string[] | undefined) ?? []) as string[])],
        properties: stripExtensions(properties),
        additionalProperties: false,
      };
      const earlier = seen.get(type);
      if (earlier && JSON.stringify(earlier) !== JSON.stringify(schema)) {
        // Two workflows with the same event name and different payloads: keep both, per workflow.
        const qualified = `${pascal(workflow.id)}${name}`;
        schemas[qualified] = schema;
        continue;
      }
      seen.set(type, schema);
      schemas[name] = schema;
      mapping[type] = `#/components/schemas/${name}`;
    }
  }
  const refs = Object.keys(schemas).map((name) => ({ $ref: `#/components/schemas/${name}` }));
  return { schemas, body: { oneOf: refs, discriminator: { propertyName: 'type', mapping } } };
}

/**
 * `then: { required: ["conditions"] }` names a property the subschema does not define itself;
 * give each such subschema the parent's definition of it, so the document is self-describing.
 */
function defineConditionalRequirements(schema: Json): Json {
  const properties = (schema.properties as Json | undefined) ?? {};
  const complete = (sub: unknown): unknown => {
    if (sub === null || typeof sub !== 'object' || Array.isArray(sub)) return sub;
    const s = { ...(sub as Json) };
    if (Array.isArray(s.required)) {
      const own = { ...((s.properties as Json | undefined) ?? {}) };
      for (const name of s.required as string[]) if (!(name in own) && name in properties) own[name] = properties[name];
      s.properties = own;
    }
    for (const key of ['if', 'then', 'else', 'not']) if (key in s) s[key] = complete(s[key]);
    for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[key])) s[key] = (s[key] as unknown[]).map(complete);
    return s;
  };
  const out = { ...schema };
  for (const key of ['if', 'then', 'else', 'not']) if (key in out) out[key] = complete(out[key]);
  return out;
}

function pascal(text: string): string {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** Drops the definitions' own `x-…` keywords (labels, not-in-future) and `$schema`/`$id`. */
function stripExtensions<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripExtensions) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, child] of Object.entries(value as Json)) {
    if (key.startsWith('x-') || key === '$schema' || key === '$id') continue;
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(child as Json).map(([k, v]) => [k, stripExtensions(v)])) : stripExtensions(child);
  }
  return out as T;
}

function errorResponse(status: string): Json {
  return {
    description: ERROR_DESCRIPTIONS[status] ?? 'Error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
  };
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/(api\/)?/, '')
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith('{') ? `by-${part.slice(1, -1)}` : part.replace(/[^A-Za-z0-9]+/g, '-')));
  return [method, ...words]
    .join('-')
    .replace(/-([a-z0-9])/gi, (_m, c: string) => c.toUpperCase());
}

/**
 * Completes what the decorators leave out, the same way for every operation: the error statuses
 * it can answer with the SPEC §7 schema, an explicit empty security list on public routes, an
 * operationId, and the events body from the workflow definitions.
 */
export function completeDocument(document: OpenAPIObject, workflows: WorkflowInterpreter<unknown>[]): OpenAPIObject {
  // Each kind's events endpoint takes the events of that kind's workflows.
  const events = eventBodySchemas(workflows.filter((w) => w.definition.kind !== 'meeting'));
  const meetingEvents = eventBodySchemas(workflows.filter((w) => w.definition.kind === 'meeting'));
  document.components = document.components ?? {};
  document.components.schemas = {
    ...(document.components.schemas ?? {}),
    ErrorResponse: ERROR_RESPONSE_SCHEMA,
    ...events.schemas,
    ...meetingEvents.schemas,
  } as never;
  for (const [path, item] of Object.entries(document.paths) as [string, Record<string, Operation>][]) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.operationId = operationId(method, path);
      const secured = (operation.security ?? []).length > 0;
      if (!secured) operation.security = [];
      const hasInput =
        operation.requestBody !== undefined || (operation.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path');
      const statuses = new Set<string>();
      if (hasInput) statuses.add('400');
      if (operation.requestBody !== undefined) statuses.add('413');
      // Two Authorization headers answer 400 on every secured route.
      if (secured) statuses.add('400').add('401').add('403');
      if (path.includes('{')) statuses.add('404');
      if (path.endsWith('/events')) statuses.add('409');
      statuses.add('500').add('503');
      if (statuses.size === 0 && !Object.keys(operation.responses).some((s) => s.startsWith('4'))) statuses.add('400');
      for (const status of statuses) {
        const existing = operation.responses[status];
        if (existing?.content) continue; // the operation documents its own body for this status
        operation.responses[status] = { ...errorResponse(status), ...(existing?.description ? { description: existing.description } : {}) };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^[45]/.test(status) && !response.content) operation.responses[status] = { ...errorResponse(status), description: response.description };
      }
      if (path.endsWith('/events') && method === 'post') {
        const body = path.startsWith('/api/meetings/') ? meetingEvents.body : events.body;
        operation.requestBody = { required: true, content: { 'application/json': { schema: body } } };
      }
    }
  }
  return document;
}

/**
 * Nest writes OpenAPI 3.0. The document is served as 3.1, whose schemas are JSON Schema 2020-12
 * — the dialect the workflow definitions' payload schemas are written in (`if`/`then`/`else`,
 * `const`, `type: ["string", "null"]`), so they are published as they are validated. 3.0's
 * `nullable: true` becomes a `null` in the type (or a `oneOf` beside a `$ref`).
 */
export function toOpenApi31(document: OpenAPIObject): OpenAPIObject {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (value === null || typeof value !== 'object') return value;
    const { nullable, ...rest } = value as Json;
    const out: Json = {};
    for (const [key, child] of Object.entries(rest)) out[key] = convert(child);
    if (nullable !== true) return out;
    const { description, ...schema } = out;
    if (schema.allOf || schema.$ref || schema.oneOf) {
      const { type: _type, ...referenced } = schema;
      // Nest wraps a referenced type in a one-element allOf; the reference alone says the same.
      const single = Object.keys(referenced).length === 1 && Array.isArray(referenced.allOf) && referenced.allOf.length === 1;
      return { ...(description ? { description } : {}), oneOf: [single ? (referenced.allOf as unknown[])[0] : referenced, { type: 'null' }] };
    }
    if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'], ...(Array.isArray(out.enum) ? { enum: [...(out.enum as unknown[]), null] } : {}) };
    if (Array.isArray(out.type)) return { ...out, type: [...new Set([...(out.type as string[]), 'null'])] };
    return { ...(description ? { description } : {}), oneOf: [schema, { type: 'null' }] };
  };
  const converted = convert(document) as OpenAPIObject;
  return { ...converted, openapi: '3.1.0' };
}

/** The document served at /api/docs-json, built from the decorators and the loaded workflows. */
export function buildOpenApiDocument(app: INestApplication, workflows: WorkflowInterpreter<unknown>[]): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Ändringsbegäran')
      .setDescription(
        'Change requests (ändringsbegäran) for the Millennium rollout in Västra Götaland: ' +
          'workflow, decision history, rollout plan and reports. Errors follow one schema (ErrorResponse); ' +
          'the events body is one schema per event type of the loaded workflow definitions.',
      )
      .setVersion('0.1.0')
      .setLicense('UNLICENSED', 'https://example.org/andringsbegaran/license')
      .addServer('http://127.0.0.1:3000', 'A development server (npm start)')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' }, METRICS_SECURITY)
      .build(),
  );
  return completeDocument(toOpenApi31(document), workflows);
}
