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
      'validation',
      'If-Match must be an ETag of this resource, like "v3"',
      {
        field: 'If-Match',
        status: 400,
      },
    );
  }
  return Number(match[1]);
}
