import { DomainError } from '@opsledger/ddd';
import { RangeNotSatisfiableError } from './object-storage.errors';
import { ByteRange, SIGNED_URL_TTL } from './object-storage.port';

const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

class InvalidObjectArgumentError extends DomainError {
  constructor(message: string) {
    super('OBJECT_STORAGE.INVALID_ARGUMENT', 'invalid_input', message);
  }
}

/** A bare media type (`application/pdf`); parameters and odd characters are refused. */
export function assertContentType(contentType: string): void {
  if (
    typeof contentType !== 'string' ||
    contentType.length > 127 ||
    !CONTENT_TYPE.test(contentType)
  )
    throw new InvalidObjectArgumentError(
      `Invalid content type "${String(contentType).slice(0, 40)}"`,
    );
}

export function assertTtl(ttlSeconds: number): void {
  if (
    !Number.isInteger(ttlSeconds) ||
    ttlSeconds < SIGNED_URL_TTL.min ||
    ttlSeconds > SIGNED_URL_TTL.max
  )
    throw new InvalidObjectArgumentError(
      `A signed URL lives ${SIGNED_URL_TTL.min} to ${SIGNED_URL_TTL.max} seconds`,
    );
}

/** The inclusive range a request gets from an object of `size` bytes (end clamped). */
export function resolveRange(range: ByteRange, size: number): { start: number; end: number } {
  const { start } = range;
  const end = range.end === undefined ? size - 1 : Math.min(range.end, size - 1);
  if (
    !Number.isInteger(start) ||
    start < 0 ||
    (range.end !== undefined && !Number.isInteger(range.end))
  )
    throw new InvalidObjectArgumentError('A byte range is made of non-negative integers');
  if (start >= size || end < start) throw new RangeNotSatisfiableError(size);
  return { start, end };
}

/**
 * The single range an HTTP `Range` header asks of an object of `size` bytes: null when the
 * header is absent, malformed or asks for several ranges (RFC 9110 lets a server answer those
 * with the whole object); RangeNotSatisfiableError when it is well-formed but outside.
 */
export function parseRangeHeader(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw new RangeNotSatisfiableError(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? undefined : Number(match[2]);
  if (end !== undefined && end < start) return null;
  return resolveRange({ start, end }, size);
}

/** `attachment` with an ASCII fallback name and the RFC 8187 UTF-8 one. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
