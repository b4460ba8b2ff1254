import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '@opsledger/http';

type Responses = Record<
  string,
  { description?: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }
>;
type Operation = {
  responses: Responses;
  requestBody?: { content?: Record<string, unknown> };
  parameters?: Array<{ in?: string; name?: string }>;
};

const OAUTH_PAGE = /^\/oauth\/(authorize|logout|interaction\/)/;
const OAUTH = /^\/oauth\//;
/** The only operations that never reach PostgreSQL. */
const NO_DATABASE = /^\/health\/live$/;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** The media type and schema an operation's refusals have: a page, an OAuth error or a problem. */
function errorContentOf(path: string): Record<string, unknown> {
  if (OAUTH_PAGE.test(path)) return { 'text/html': { schema: { type: 'string' } } };
  if (OAUTH.test(path))
    return { 'application/json': { schema: { $ref: '#/components/schemas/OAuthErrorDto' } } };
  return { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDocument' } } };
}

function ensure(op: Operation, status: string, description: string, content: object): void {
  const existing = op.responses[status];
  if (!existing) {
    op.responses[status] = { description, content: { ...content } };
    return;
  }
  existing.content = { ...content, ...(existing.content ?? {}) };
}

/**
 * The answers every operation can give whatever its controller says, documented in one place
 * so the document stays the contract (issue 11): the hostile-input refusals (a NUL character,
 * an over-long path segment, a body nested too deep: 400), a JSON body of another media type
 * (415) or too large (413), a reused Idempotency-Key (422), and the database away (503, with
 * Retry-After; issue 10).
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const content = errorContentOf(path);
      ensure(
        op,
        '400',
        'Malformed request: a NUL character, an over-long or malformed path, invalid input',
        content,
      );
      if (op.requestBody && !OAUTH.test(path)) {
        ensure(op, '413', 'The body is larger than the server accepts', content);
        ensure(op, '415', 'The body is not application/json (UTF-8)', content);
      }
      const idempotent = op.parameters?.some(
        (p) => p.in === 'header' && p.name?.toLowerCase() === 'idempotency-key',
      );
      if (idempotent)
        ensure(op, '422', 'The Idempotency-Key was used for another request', content);
      if (!NO_DATABASE.test(path)) {
        ensure(
          op,
          '503',
          'The database is away, hung or saturated (connection refused, timeout, pool exhausted); retry after `Retry-After` seconds',
          content,
        );
        op.responses['503'].headers = {
          'Retry-After': {
            description: 'Seconds to wait before retrying',
            schema: { type: 'integer' },
          },
          ...(op.responses['503'].headers ?? {}),
        };
      }
    }
  }
  return document;
}
