import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';
import { RefusalRecorder } from '@opsledger/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuthProtocolError } from '../domain/oauth.errors';

/** Errors worth an audit entry: a credential or grant was refused. */
const AUDITED = new Set([
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'invalid_token',
]);

const quote = (value: string) => value.replace(/["\\]/g, '');

/**
 * The token, revocation, introspection and userinfo endpoints answer errors the way OAuth
 * clients parse them: `{ error, error_description }` (RFC 6749 §5.2), never cached, with
 * the WWW-Authenticate challenge RFC 6749 §5.2 and RFC 6750 §3 ask for.
 */
@Catch()
export class OAuthJsonFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuth');

  constructor(private readonly recorder: RefusalRecorder) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let error: OAuthProtocolError;
    if (exception instanceof OAuthProtocolError) {
      error = exception;
    } else if (
      exception instanceof DomainError &&
      (exception.kind === 'validation' || exception.kind === 'invalid_input')
    ) {
      error = new OAuthProtocolError('invalid_request', exception.message);
    } else if (
      (exception as { statusCode?: number })?.statusCode === 400 ||
      (exception as { statusCode?: number })?.statusCode === 415
    ) {
      error = new OAuthProtocolError('invalid_request', 'The request body could not be read');
    } else {
      this.logger.error(
        { err: exception, requestId: request.id },
        'unhandled error at an OAuth endpoint',
      );
      error = new OAuthProtocolError(
        'server_error',
        'An unexpected error occurred; it has been logged',
      );
    }
    const route = request.routeOptions?.url ?? request.url.split('?')[0];
    if (AUDITED.has(error.error)) {
      await this.recorder
        .record({
          method: request.method,
          route,
          status: error.status,
          code: error.code,
          message: error.message,
          result: 'denied',
        })
        .catch((e: unknown) =>
          this.logger.error({ err: e }, 'could not record a refusal in the ledger'),
        );
    }
    const headers: Record<string, string> = { 'cache-control': 'no-store', pragma: 'no-cache' };
    if (error.error === 'invalid_token' || error.error === 'insufficient_scope') {
      headers['www-authenticate'] =
        `Bearer realm="opsledger", error="${error.error}", error_description="${quote(error.message)}"`;
    } else if (
      error.error === 'invalid_client' &&
      /^basic /i.test(request.headers.authorization ?? '')
    ) {
      headers['www-authenticate'] = 'Basic realm="opsledger"';
    }
    void reply
      .status(error.status)
      .headers(headers)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ error: error.error, error_description: error.message });
  }
}
