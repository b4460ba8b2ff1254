import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  Optional,
} from '@nestjs/common';
import { DomainError, DomainErrorKind } from '@opsledger/ddd';
import { translateDatabaseError } from '@opsledger/persistence';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { PROBLEM_CONTENT_TYPE, ProblemDocument } from './problem';
import { RefusalRecorder } from './refusal-recorder';
import { RequestValidationError } from './request-validation.error';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid_input: 400,
  validation: 422,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  forbidden: 403,
  unauthorized: 401,
  precondition_failed: 412,
  rate_limited: 429,
  gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition failed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  416: 'Range not satisfiable',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Statuses that mean the caller was refused and belong in the audit trail. */
const AUDITED = new Set([403, 409, 412, 422, 429]);
/** A 401 is audited when it is a failed credential, not a request that simply lacked a token. */
const AUDITED_401 = /^AUTH\.(LOGIN|REFRESH|INVALID_REFRESH|MEMBERSHIP|ACTION_TOKEN)/;

const isAudited = (status: number, code: string) =>
  AUDITED.has(status) || (status === 401 && AUDITED_401.test(code));

export function problemOf(
  error: unknown,
  instance?: string,
): { problem: ProblemDocument; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  if (error instanceof RequestValidationError) {
    return {
      headers,
      problem: {
        type: 'urn:opsledger:problem:validation',
        title: 'Request validation failed',
        status: 400,
        detail: error.message,
        code: 'REQUEST.VALIDATION_FAILED',
        errors: error.violations,
        instance,
      },
    };
  }
  const domain = error instanceof DomainError ? error : translateDatabaseError(error);
  if (domain) {
    const status = STATUS_BY_KIND[domain.kind];
    if (typeof domain.details?.retryAfter === 'number')
      headers['retry-after'] = String(domain.details.retryAfter);
    const field = typeof domain.details?.field === 'string' ? domain.details.field : undefined;
    // A rule about several fields at once (a wizard step) names each of them.
    const fieldErrors = Array.isArray(domain.details?.errors)
      ? (domain.details.errors as Array<{ field: string; message: string }>)
      : undefined;
    const allowed = domain.details?.allowedTransitions as string[] | undefined;
    return {
      headers,
      problem: {
        type: `urn:opsledger:problem:${domain.code.toLowerCase().replace(/[._]/g, '-')}`,
        title: TITLES[status] ?? 'Error',
        status,
        detail: domain.message,
        code: domain.code,
        ...(fieldErrors
          ? { errors: fieldErrors }
          : field
            ? { errors: [{ field, message: domain.message }] }
            : {}),
        ...(allowed ? { allowedTransitions: allowed } : {}),
        instance,
      },
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: string | string[] }).message ?? error.message);
    return {
      headers,
      problem: {
        type: `urn:opsledger:problem:http-${status}`,
        title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
        status,
        detail: Array.isArray(message) ? message.join('; ') : message,
        code: `HTTP.${HttpStatus[status] ?? status}`,
        instance,
      },
    };
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (
    typeof fastifyError?.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const status = fastifyError.statusCode;
    return {
      headers,
      problem: {
        type: `urn:opsledger:problem:http-${status}`,
        title: TITLES[status] ?? 'Bad request',
        status,
        detail:
          status === 400 && fastifyError.code?.includes('JSON')
            ? 'The body is not valid JSON'
            : fastifyError.message,
        code: fastifyError.code ?? `HTTP.${status}`,
        instance,
      },
    };
  }
  return {
    headers,
    problem: {
      type: 'urn:opsledger:problem:internal',
      title: TITLES[500],
      status: 500,
      detail: 'An unexpected error occurred; it has been logged',
      code: 'INTERNAL',
      instance,
    },
  };
}

/** A short, parameter-free description of why the database could not answer. */
function causeOf(error: unknown): string {
  const e = (error instanceof QueryFailedError ? error.driverError : error) as
    { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  return code ?? (typeof e?.message === 'string' ? e.message.slice(0, 120) : 'unknown');
}

/** The one place errors become HTTP responses: RFC 9457 `application/problem+json`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  constructor(@Optional() private readonly recorder?: RefusalRecorder) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, headers } = problemOf(error, request.url.split('?')[0]);
    problem.requestId = String(request.id);
    if (problem.status === 503)
      // Expected while the database is away: one line, never the statement or its parameters.
      this.logger.warn(
        { code: problem.code, cause: causeOf(error), requestId: request.id },
        'service unavailable',
      );
    else if (problem.status >= 500)
      this.logger.error({ err: error, requestId: request.id }, 'unhandled error');
    if (
      this.recorder &&
      isAudited(problem.status, problem.code) &&
      !(error instanceof RequestValidationError)
    ) {
      const route = request.routeOptions?.url ?? request.url.split('?')[0];
      await this.recorder
        .record({
          method: request.method,
          route,
          status: problem.status,
          code: problem.code,
          message: problem.detail ?? problem.title,
          result:
            problem.status === 401 || problem.status === 403 || problem.status === 429
              ? 'denied'
              : 'failure',
          resourceId: (request.params as Record<string, string> | undefined)?.id,
          subject:
            error instanceof DomainError && typeof error.details?.subject === 'string'
              ? error.details.subject
              : null,
        })
        .catch((e: unknown) =>
          this.logger.error({ err: e }, 'could not record a refusal in the ledger'),
        );
    }
    void reply
      .status(problem.status)
      .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
      .send(problem);
  }
}
