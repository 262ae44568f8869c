import type { components, paths } from './generated/api-types';

/**
 * A small client typed by the types openapi-typescript generates from the served OpenAPI
 * document (test/support/generated/api-types.ts): a body or a response that does not fit the
 * document does not compile.
 */
type Schemas = components['schemas'];
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

type EventsPost = paths['/api/change-requests/{id}/events']['post'];
type CreatePost = paths['/api/change-requests']['post'];
type OneGet = paths['/api/change-requests/{id}']['get'];

export type EventBody = Json<NonNullable<EventsPost['requestBody']>>;
export type ChangeRequest = Json<OneGet['responses'][200]>;
export type ErrorBody = Schemas['ErrorResponse'];
export type NewDraft = Json<NonNullable<CreatePost['requestBody']>>;

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(`${status} ${body.code ?? body.error}: ${body.message}`);
  }
}

export function typedClient(baseUrl: string, token: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const parsed = (await response.json()) as unknown;
    if (!response.ok) throw new ApiFailure(response.status, parsed as ErrorBody);
    return parsed as T;
  };
  return {
    createDraft: (draft: NewDraft) => call<Json<CreatePost['responses'][201]>>('POST', '/api/change-requests', draft),
    get: (id: string) => call<ChangeRequest>('GET', `/api/change-requests/${encodeURIComponent(id)}`),
    send: (id: string, event: EventBody) =>
      call<Json<EventsPost['responses'][200]>>('POST', `/api/change-requests/${encodeURIComponent(id)}/events`, event),
  };
}
