import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuthProtocolError } from '../domain/oauth.errors';
import { errorPage } from './pages/interaction-pages';
import { sendPage } from './protocol-response';

/** The browser-facing endpoints answer with a page a person can read, never JSON. */
@Catch()
export class OAuthPageFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuth');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof OAuthProtocolError) {
      sendPage(reply, 400, errorPage('This request cannot be completed', exception.message));
      return;
    }
    this.logger.error(
      { err: exception, requestId: http.getRequest<FastifyRequest>().id },
      'unhandled error on an OAuth page',
    );
    sendPage(
      reply,
      500,
      errorPage('Something went wrong', 'An unexpected error occurred; it has been logged.'),
    );
  }
}
