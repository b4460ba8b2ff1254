import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '@opsledger/ddd';

/** `limit` (1–100, default 20) and an opaque `cursor`, as every list endpoint takes them. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a valid cursor' })
  cursor?: string;
}

/** What a sorted list request asks for, with the route's defaults filled in. */
export interface SortedPageRequest<S extends string> {
  sort: S;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/** `sort`, `order` (ascending by default), `limit` (20 by default) and `cursor` of a list query. */
export function sortedPageOf<S extends string>(
  query: { sort?: S; order?: 'asc' | 'desc'; limit?: number; cursor?: string },
  defaultSort: S,
): SortedPageRequest<S> {
  return {
    sort: query.sort ?? defaultSort,
    order: query.order ?? 'asc',
    limit: query.limit ?? 20,
    cursor: query.cursor,
  };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(value: unknown[]): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export class InvalidCursorError extends DomainError {
  constructor(message = 'cursor is not a valid cursor') {
    super('REQUEST.INVALID_CURSOR', 'invalid_input', message, { field: 'cursor' });
  }
}

export function decodeCursor(cursor: string | undefined | null, arity: number): unknown[] | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === arity) return value as unknown[];
  } catch {
    // fall through to the uniform error below
  }
  throw new InvalidCursorError();
}

const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A keyset cursor `[sort, order, key, id]`: only good for the sort and order that produced
 * it, so a cursor replayed under another sort is a 400 rather than a page out of place.
 */
export function decodeSortedCursor(
  cursor: string | undefined,
  sort: string,
  order: string,
): [string, string] | null {
  const value = decodeCursor(cursor, 4);
  if (!value) return null;
  const [s, o, key, id] = value;
  if (
    s !== sort ||
    o !== order ||
    typeof key !== 'string' ||
    typeof id !== 'string' ||
    !CURSOR_ID.test(id)
  ) {
    throw new InvalidCursorError('cursor is not a valid cursor for this sort');
  }
  return [key, id];
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  cursorOf: (row: R) => unknown[],
): Page<T> {
  const hasMore = rows.length > limit;
  const slice = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: slice.map(map),
    nextCursor: hasMore ? encodeCursor(cursorOf(slice[slice.length - 1])) : null,
  };
}
