import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

/** A response that does not match the served OpenAPI document. */
export interface ContractViolation {
  method: string;
  path: string;
  status: number;
  problem: string;
}

const DOCUMENT_ID = 'served-openapi';

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks every JSON response the app sends against the OpenAPI document it serves (Ajv, JSON
 * Schema 2020-12, the dialect of OpenAPI 3.1): the status must be documented for the operation
 * and the body must match its schema. Violations are collected, and the test app's close()
 * fails the test file with them — so a response that drifts from the contract fails a test.
 */
export type Document = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
};

/** Install before `app.init()` (hooks cannot be added later); call `load()` once the app is ready. */
export function watchResponseContract(app: NestFastifyApplication): {
  violations: ContractViolation[];
  load(adjust?: (served: Document) => void): Promise<void>;
} {
  const fastify = app.getHttpAdapter().getInstance();
  let document: Document | undefined;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const validators = new Map<string, ValidateFunction | null>();
  const validatorFor = (path: string, method: string, status: string): ValidateFunction | null | undefined => {
    const key = `${method} ${path} ${status}`;
    if (!validators.has(key)) {
      const response = document!.paths[path]?.[method]?.responses?.[status];
      if (!response) return undefined;
      const schema = response.content?.['application/json']?.schema;
      validators.set(
        key,
        schema ? ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema')}` }) : null,
      );
    }
    return validators.get(key);
  };

  const violations: ContractViolation[] = [];
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!document) return payload;
    const route = request.routeOptions?.url;
    if (!route || (!route.startsWith('/api/') && !route.startsWith('/health')) || route.startsWith('/api/docs')) return payload;
    const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const method = request.method.toLowerCase();
    const status = reply.statusCode;
    if (!document.paths[path]?.[method]) {
      // Routes left out of the document on purpose (test-only routes when enabled) are not checked.
      return payload;
    }
    const validate = validatorFor(path, method, String(status));
    if (validate === undefined) {
      violations.push({ method, path, status, problem: `status ${status} is not documented` });
      return payload;
    }
    const type = String(reply.getHeader('content-type') ?? '');
    if (validate === null || !type.includes('application/json') || typeof payload !== 'string') return payload;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      violations.push({ method, path, status, problem: 'body is not JSON' });
      return payload;
    }
    if (!validate(body)) {
      const problems = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
      violations.push({ method, path, status, problem: problems.join('; ') });
    }
    return payload;
  });
  return {
    violations,
    /** Loads the served document; `adjust` lets a test of the checker itself change it first. */
    async load(adjust?: (served: Document) => void) {
      const served = await fastify.inject({ method: 'GET', url: '/api/docs-json' });
      if (served.statusCode !== 200) throw new Error(`/api/docs-json answered ${served.statusCode}`);
      const loaded = JSON.parse(served.body) as Document;
      adjust?.(loaded);
      if (document) ajv.removeSchema(DOCUMENT_ID);
      validators.clear();
      document = loaded;
      ajv.addSchema({ ...document, $id: DOCUMENT_ID });
    },
  };
}
