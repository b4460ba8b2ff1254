import { DomainError } from '@opsledger/ddd';
import {
  isMultipartRouteConfig,
  PROBLEM_CONTENT_TYPE,
  problemOf,
  RequestValidationError,
} from '@opsledger/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorPage } from '../modules/oauth/api/pages/interaction-pages';
import { sendPage } from '../modules/oauth/api/protocol-response';

/** Deeper bodies are refused before validation walks them (class-transformer recurses). */
export const MAX_BODY_DEPTH = 32;

/** The browser-facing OAuth endpoints: their refusals are pages a person can read. */
const OAUTH_PAGE = /^\/oauth\/(authorize|logout|interaction\/)/;
/** The OAuth endpoints: form bodies, refusals in the RFC 6749 §5.2 format. */
const OAUTH = /^\/oauth\//;
/** The pages the identity mails link to post HTML forms (identity/api/account-pages.controller.ts). */
const ACCOUNT_PAGE = /^\/(verify-email|reset-password)$/;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;
/** `application/json`, with no charset or UTF-8 (RFC 8259 §8.1), is the one body JSON routes read. */
const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
/** The one body an upload route (`@MultipartRoute()`) reads, with its boundary. */
const MULTIPART_TYPE = /^multipart\/form-data\s*;\s*boundary=/i;

type Refusal = { status: 400 | 415; field: string | null; message: string };

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0];
}

/** `a.b[2].c` for the offending spot of a body. */
function join(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  return prefix ? `${prefix}.${key}` : key;
}

/**
 * The first NUL (U+0000, which PostgreSQL text cannot hold) or excess nesting in a parsed
 * value, walked without recursion so a hostile depth cannot overflow the stack here either.
 */
export function inspectValue(value: unknown, root: string, maxDepth: number): Refusal | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value, path: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\0'))
        return { status: 400, field: path || root, message: 'must not contain a NUL character' };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth)
      return {
        status: 400,
        field: path || root,
        message: `nests deeper than ${maxDepth} levels`,
      };
    if (Array.isArray(current)) {
      current.forEach((item, i) =>
        stack.push({ value: item, path: join(path, i), depth: depth + 1 }),
      );
      continue;
    }
    for (const [key, item] of Object.entries(current as Record<string, unknown>)) {
      if (key.includes('\0'))
        return {
          status: 400,
          field: path || root,
          message: 'has a field name with a NUL character',
        };
      stack.push({ value: item, path: join(path, key), depth: depth + 1 });
    }
  }
  return null;
}

function inspectRequestLine(request: FastifyRequest): Refusal | null {
  for (const [name, value] of Object.entries(request.params ?? {})) {
    if (typeof value === 'string' && value.includes('\0'))
      return { status: 400, field: name, message: 'must not contain a NUL character' };
  }
  const query = inspectValue(request.query, 'query', MAX_BODY_DEPTH);
  if (query) return query;
  // a NUL in a path segment no route captured (or a raw one) is refused all the same
  if (/%00|\0/i.test(request.url))
    return { status: 400, field: 'path', message: 'must not contain a NUL character' };
  for (const [name, value] of Object.entries(request.headers)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && v.includes('\0')))
      return { status: 400, field: name, message: 'must not contain a NUL character' };
  }
  return null;
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  );
}

function inspectContentType(request: FastifyRequest): Refusal | null {
  if (OAUTH.test(pathOf(request)) || !hasBody(request)) return null;
  const type = request.headers['content-type'];
  if (isMultipartRouteConfig(request.routeOptions?.config)) {
    if (type !== undefined && MULTIPART_TYPE.test(type.trim())) return null;
    return {
      status: 415,
      field: 'Content-Type',
      message: 'The body must be multipart/form-data',
    };
  }
  if (type !== undefined && JSON_TYPE.test(type.trim())) return null;
  if (type !== undefined && ACCOUNT_PAGE.test(pathOf(request)) && FORM_TYPE.test(type.trim()))
    return null;
  return {
    status: 415,
    field: 'Content-Type',
    message: 'The body must be application/json (UTF-8)',
  };
}

/** Answers a refusal in the format the endpoint speaks: a page, an OAuth error or a problem. */
function refuse(request: FastifyRequest, reply: FastifyReply, refusal: Refusal): FastifyReply {
  const path = pathOf(request);
  const detail = refusal.field ? `${refusal.field} ${refusal.message}` : refusal.message;
  if (OAUTH_PAGE.test(path))
    return sendPage(reply, refusal.status, errorPage('This request cannot be completed', detail));
  if (OAUTH.test(path))
    return reply
      .status(refusal.status)
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .header('content-type', 'application/json; charset=utf-8')
      .send({ error: 'invalid_request', error_description: detail });
  const error =
    refusal.status === 400 && refusal.field
      ? new RequestValidationError([{ field: refusal.field, message: detail }])
      : new DomainError(
          refusal.status === 415 ? 'REQUEST.UNSUPPORTED_MEDIA_TYPE' : 'REQUEST.MALFORMED',
          refusal.status === 415 ? 'unsupported_media_type' : 'invalid_input',
          detail,
          { field: refusal.field ?? undefined },
        );
  const { problem, headers } = problemOf(error, path);
  problem.requestId = String(request.id);
  return reply
    .status(refusal.status)
    .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
    .send(problem);
}

/**
 * Input no route may see, refused in one place before authentication and validation: NUL
 * characters anywhere (path, query, headers, body, form fields), bodies nested deeper than
 * MAX_BODY_DEPTH, and, outside the OAuth endpoints (forms by RFC 6749) and the upload routes
 * (`@MultipartRoute()`, multipart only), bodies that are not UTF-8 JSON.
 */
export function registerHostileInputGuard(
  fastify: FastifyInstance,
  maxDepth = MAX_BODY_DEPTH,
): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const refusal = inspectRequestLine(request) ?? inspectContentType(request);
    if (refusal) {
      void refuse(request, reply, refusal);
      return;
    }
    done();
  });
  fastify.addHook('preValidation', (request, reply, done) => {
    const refusal = inspectValue(request.body, 'body', maxDepth);
    if (refusal) {
      void refuse(request, reply, refusal);
      return;
    }
    done();
  });
}

/**
 * Fastify's own refusals before routing (a path parameter over maxParamLength, a malformed
 * percent-encoding) answer a 400 in the endpoint's format instead of Fastify's JSON body.
 */
export function refuseFrameworkError(
  error: { code?: string; message?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'has a segment longer than a path parameter may be'
      : 'is not a valid URL path';
  void refuse(request, reply, { status: 400, field: 'path', message });
}
