import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';

/** Weakness is not needed: the version changes with every event of the aggregate. */
export const etagOf = (version: number) => `"v${version}"`;

/** `If-Match: "v3"` → 3; absent → undefined; anything else is a 400 naming the header. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^(?:W\/)?"v(\d{1,9})"$/.exec(value.trim());
  if (!match) {
    throw new DomainError(
      'REQUEST.INVALID_IF_MATCH',
      'invalid_input',
      'If-Match must be an ETag of this resource, like "v3"',
      {
        field: 'If-Match',
      },
    );
  }
  return Number(match[1]);
}

/** The request's `If-Match` as the version it names (undefined when absent; a malformed one is a 400). */
export const IfMatch = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): number | undefined =>
    parseIfMatch(
      ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>()
        .headers['if-match'],
    ),
);
