/** A JSON scalar: what a filter compares and what a cursor remembers. */
export type Scalar = string | number | boolean | null;

/** Range bounds compare within one JSON type only (a numeric bound never matches a string). */
export type RangeBound = string | number | boolean;

export interface FilterOperators {
  gte?: RangeBound;
  gt?: RangeBound;
  lte?: RangeBound;
  lt?: RangeBound;
  /** Any of the values; `null` in the list also matches a missing field. */
  in?: Scalar[];
}

/** A scalar means equality (`null` matches null or missing); an object holds operators. */
export type FilterValue = Scalar | FilterOperators;

/**
 * Conditions on the stored document, all of which must hold. Keys are field paths, dotted
 * through nested objects (`actor.id`); array fields are not matched element by element.
 */
export type DocumentFilter = Record<string, FilterValue>;

export type SortDirection = 'asc' | 'desc';

export interface DocumentSort {
  /** A field holding one scalar type (or null/missing, which sorts lowest). */
  field: string;
  direction: SortDirection;
}

export interface FindOptions {
  filter?: DocumentFilter;
  /** Without a sort, documents come in id order. Ties in the sort field are broken by id. */
  sort?: DocumentSort;
  /** 1 to {@link MAX_FIND_LIMIT}. */
  limit: number;
  /** The previous page's `nextCursor`; only valid with the same filter and sort. */
  cursor?: string | null;
}

export interface DocumentPage<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export interface DocumentWriteOptions {
  /**
   * The tenant that owns the document; null (the default) for shared documents, which only
   * system-scope code can see. A tenant-scoped caller may only write its own tenant's.
   */
  tenantId?: string | null;
}

export const MAX_FIND_LIMIT = 1000;

/**
 * Schemaless documents by collection and id, for document-shaped read models. Documents are
 * stored as JSON: a `Date` comes back as its ISO string, `undefined` fields are dropped.
 * Tenant isolation holds as in PostgreSQL's row-level security: outside the system scope a
 * caller sees and changes only its own tenant's documents.
 *
 * String comparisons follow the backend (PostgreSQL's database collation, MongoDB's binary
 * order); they agree for ASCII of one case, ISO timestamps and UUIDs.
 *
 * Writes through the PostgreSQL adapter join the caller's transaction; MongoDB writes do not,
 * so projection handlers write idempotently (`upsert`, `insertIfAbsent`).
 */
export abstract class DocumentStore {
  /** Creates the document or replaces it whole. */
  abstract upsert(
    collection: string,
    id: string,
    doc: object,
    opts?: DocumentWriteOptions,
  ): Promise<void>;

  /** Creates the document unless one with this id exists; true when it was created. */
  abstract insertIfAbsent(
    collection: string,
    id: string,
    doc: object,
    opts?: DocumentWriteOptions,
  ): Promise<boolean>;

  abstract get<T>(collection: string, id: string): Promise<T | null>;

  abstract find<T>(collection: string, opts: FindOptions): Promise<DocumentPage<T>>;

  abstract count(collection: string, filter?: DocumentFilter): Promise<number>;

  /** True when a document was deleted. */
  abstract delete(collection: string, id: string): Promise<boolean>;

  /** Deletes what matches (the whole collection without a filter); returns how many. */
  abstract deleteMany(collection: string, filter?: DocumentFilter): Promise<number>;

  /** Resolves when the backend answers; for readiness checks. */
  abstract ping(): Promise<void>;
}
