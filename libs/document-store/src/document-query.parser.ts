import {
  DocumentFilter,
  DocumentWriteOptions,
  FindOptions,
  MAX_FIND_LIMIT,
  RangeBound,
  Scalar,
  SortDirection,
} from './document-store.port';
import { InvalidCursorError } from './invalid-cursor.error';
import { InvalidDocumentQueryError } from './invalid-document-query.error';

/*
 * Everything a caller passes is checked here, once, for both adapters: they only translate
 * what passed, so neither ever sees a field name or operator it did not expect.
 */

export interface FieldPath {
  field: string;
  segments: readonly string[];
}

export type RangeOperator = 'gt' | 'gte' | 'lt' | 'lte';

export type Condition =
  | { kind: 'eq'; path: FieldPath; value: Scalar }
  | { kind: 'range'; path: FieldPath; op: RangeOperator; value: RangeBound }
  | { kind: 'in'; path: FieldPath; values: readonly Scalar[] };

export interface ParsedSort {
  path: FieldPath;
  direction: SortDirection;
}

/** Where the previous page ended; `value` is that document's sort value (unused unsorted). */
export interface CursorPosition {
  value: unknown;
  id: string;
}

export interface ParsedFind {
  conditions: Condition[];
  sort: ParsedSort | null;
  limit: number;
  after: CursorPosition | null;
}

export interface JsonDocument {
  json: string;
  value: Record<string, unknown>;
}

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const COLLECTION = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** An escaped NUL that is not itself an escaped backslash followed by "u0000". */
const JSON_NUL = /(?<!\\)(?:\\\\)*\\u0000/;
const MAX_ID_LENGTH = 200;
const MAX_FIELD_LENGTH = 200;
const MAX_IN_VALUES = 1000;
const MAX_CURSOR_LENGTH = 4000;
const RANGE_OPERATORS: readonly RangeOperator[] = ['gt', 'gte', 'lt', 'lte'];

export function parseCollection(collection: unknown): string {
  if (
    typeof collection !== 'string' ||
    !COLLECTION.test(collection) ||
    collection.startsWith('system.')
  ) {
    throw new InvalidDocumentQueryError(
      'collection',
      `collection ${JSON.stringify(collection)} is not a valid name`,
    );
  }
  return collection;
}

export function parseId(id: unknown): string {
  if (
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > MAX_ID_LENGTH ||
    id.includes('\u0000')
  ) {
    throw new InvalidDocumentQueryError(
      'id',
      `id must be a string of 1 to ${MAX_ID_LENGTH} characters`,
    );
  }
  return id;
}

export function parseTenantId(opts: DocumentWriteOptions | undefined): string | null {
  const tenantId = opts?.tenantId ?? null;
  if (tenantId === null) return null;
  if (typeof tenantId !== 'string' || !UUID.test(tenantId)) {
    throw new InvalidDocumentQueryError('tenantId', 'tenantId must be a UUID');
  }
  return tenantId.toLowerCase();
}

/** The document as the JSON both backends store, so they hand back the same thing. */
export function toJsonDocument(doc: unknown): JsonDocument {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new InvalidDocumentQueryError('document', 'document must be a JSON object');
  }
  let json: string;
  try {
    json = JSON.stringify(doc);
  } catch {
    throw new InvalidDocumentQueryError('document', 'document cannot be written as JSON');
  }
  const value = JSON.parse(json) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidDocumentQueryError('document', 'document must be a JSON object');
  }
  // PostgreSQL's jsonb refuses NUL in strings; refusing it everywhere keeps the adapters alike.
  if (JSON_NUL.test(json))
    throw new InvalidDocumentQueryError('document', 'document contains a NUL character');
  return { json, value: value as Record<string, unknown> };
}

export function parseFieldPath(field: unknown, where: string): FieldPath {
  if (typeof field !== 'string' || field.length > MAX_FIELD_LENGTH || !FIELD_PATH.test(field)) {
    throw new InvalidDocumentQueryError(
      where,
      `${JSON.stringify(field)} is not a valid field path`,
    );
  }
  return { field, segments: field.split('.') };
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function checkString(value: Scalar, field: string): void {
  if (typeof value === 'string' && value.includes('\u0000')) {
    throw new InvalidDocumentQueryError('filter', `filter on ${field} contains a NUL character`);
  }
}

export function parseFilter(filter: DocumentFilter | undefined): Condition[] {
  if (filter === undefined) return [];
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw new InvalidDocumentQueryError('filter', 'filter must be an object of field paths');
  }
  const conditions: Condition[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    const path = parseFieldPath(field, 'filter');
    if (isScalar(condition)) {
      checkString(condition, field);
      conditions.push({ kind: 'eq', path, value: condition });
      continue;
    }
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
      throw new InvalidDocumentQueryError(
        'filter',
        `filter on ${field} must be a scalar or an operator object`,
      );
    }
    const entries = Object.entries(condition).filter(([, v]) => v !== undefined);
    if (entries.length === 0)
      throw new InvalidDocumentQueryError('filter', `filter on ${field} has no operator`);
    for (const [op, value] of entries) {
      if (op === 'in') {
        if (!Array.isArray(value) || value.length > MAX_IN_VALUES || !value.every(isScalar)) {
          throw new InvalidDocumentQueryError(
            'filter',
            `${field}.in must be a list of at most ${MAX_IN_VALUES} scalars`,
          );
        }
        value.forEach((v) => checkString(v, field));
        conditions.push({ kind: 'in', path, values: value });
      } else if ((RANGE_OPERATORS as readonly string[]).includes(op)) {
        if (!isScalar(value) || value === null) {
          throw new InvalidDocumentQueryError(
            'filter',
            `${field}.${op} must be a string, number or boolean`,
          );
        }
        checkString(value, field);
        conditions.push({ kind: 'range', path, op: op as RangeOperator, value });
      } else {
        throw new InvalidDocumentQueryError(
          'filter',
          `${JSON.stringify(op)} is not a filter operator (on ${field})`,
        );
      }
    }
  }
  return conditions;
}

export function parseFind(opts: FindOptions): ParsedFind {
  const { limit } = opts;
  if (
    typeof limit !== 'number' ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > MAX_FIND_LIMIT
  ) {
    throw new InvalidDocumentQueryError(
      'limit',
      `limit must be an integer from 1 to ${MAX_FIND_LIMIT}`,
    );
  }
  let sort: ParsedSort | null = null;
  if (opts.sort !== undefined) {
    const direction = opts.sort.direction;
    if (direction !== 'asc' && direction !== 'desc') {
      throw new InvalidDocumentQueryError('sort', 'sort direction must be asc or desc');
    }
    sort = { path: parseFieldPath(opts.sort.field, 'sort'), direction };
  }
  const after =
    opts.cursor === undefined || opts.cursor === null
      ? null
      : decodeCursor(opts.cursor, sort !== null);
  return { conditions: parseFilter(opts.filter), sort, limit, after };
}

/** `[sortValue, id]` when sorted, `[id]` otherwise: the arity keeps the two apart. */
export function encodeCursor(sorted: boolean, position: CursorPosition): string {
  const payload = sorted ? [position.value ?? null, position.id] : [position.id];
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(cursor: unknown, sorted: boolean): CursorPosition {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) {
    throw new InvalidCursorError();
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(payload) || payload.length !== (sorted ? 2 : 1))
    throw new InvalidCursorError();
  const id = payload[payload.length - 1] as unknown;
  if (
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > MAX_ID_LENGTH ||
    id.includes('\u0000')
  ) {
    throw new InvalidCursorError();
  }
  const value = sorted ? (payload[0] as unknown) : null;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new InvalidCursorError();
  if (JSON_NUL.test(JSON.stringify(value))) throw new InvalidCursorError();
  return { value, id };
}

/** The value at a path inside a plain JSON document; null when any step is missing. */
export function valueAt(doc: unknown, segments: readonly string[]): unknown {
  let current: unknown = doc;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return null;
    current = (current as Record<string, unknown>)[segment];
    if (current === undefined) return null;
  }
  return current;
}

/** Fetching `limit + 1` rows tells whether another page exists without a count. */
export function toPage<R, T>(
  rows: readonly R[],
  find: ParsedFind,
  itemOf: (row: R) => T,
  positionOf: (row: R) => CursorPosition,
): { items: T[]; nextCursor: string | null } {
  const hasMore = rows.length > find.limit;
  const page = hasMore ? rows.slice(0, find.limit) : rows;
  return {
    items: page.map(itemOf),
    nextCursor: hasMore
      ? encodeCursor(find.sort !== null, positionOf(page[page.length - 1]))
      : null,
  };
}
