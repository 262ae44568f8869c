import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { toErrorResponse } from './error-response';
import type { HttpReply, HttpRequest } from './request-context';

/** The single place where errors become HTTP responses. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<HttpReply | ServerResponse>();
    if (!('raw' in response)) {
      // Thrown in a Nest middleware, which sees Node's own request and response.
      this.sendRaw(exception, response);
      return;
    }
    const body = toErrorResponse(exception, http.getRequest<HttpRequest>().requestId);
    if (response.sent || response.raw.headersSent) {
      // A stream had begun: a clean end would pass a truncated answer off as complete.
      response.raw.destroy();
      return;
    }
    void response.status(body.statusCode).send(body);
  }

  private sendRaw(exception: unknown, response: ServerResponse): void {
    const requestId = response.getHeader('x-request-id');
    const body = toErrorResponse(exception, typeof requestId === 'string' ? requestId : undefined);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const text = JSON.stringify(body);
    response.statusCode = body.statusCode;
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.setHeader('content-length', Buffer.byteLength(text));
    response.end(text);
  }
}
