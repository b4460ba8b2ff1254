import { DomainError } from '@opsledger/ddd';
import { Connection, mongo } from 'mongoose';
import {
  Condition,
  CursorPosition,
  ParsedSort,
  parseCollection,
  parseFilter,
  parseFind,
  parseId,
  parseTenantId,
  toJsonDocument,
  toPage,
  valueAt,
} from './document-query.parser';
import {
  DocumentFilter,
  DocumentPage,
  DocumentStore,
  DocumentWriteOptions,
  FindOptions,
} from './document-store.port';

/** Who is asking: `RequestContext` from @opsledger/persistence fits as it is. */
export interface TenantScope {
  readonly isSystemScope: boolean;
  readonly tenantId: string | null;
}

interface StoredDocument {
  _id: string;
  tenantId: string | null;
  body: Record<string, unknown>;
  updatedAt: Date;
}

type Filter = mongo.Filter<StoredDocument>;

const DUPLICATE_KEY = 11000;

function isDuplicateKey(error: unknown): boolean {
  return error instanceof mongo.MongoServerError && error.code === DUPLICATE_KEY;
}

/** The error PostgreSQL's row-level security yields (via translateDatabaseError), for one contract. */
function permissionDenied(): DomainError {
  return new DomainError(
    'DATABASE.PERMISSION_DENIED',
    'forbidden',
    'This change is not allowed',
    {},
  );
}

function bodyPath(segments: readonly string[]): string {
  return `body.${segments.join('.')}`;
}

function and(parts: readonly Filter[]): Filter {
  const kept = parts.filter((p) => Object.keys(p).length > 0);
  if (kept.length === 0) return {};
  return kept.length === 1 ? kept[0] : { $and: kept };
}

function conditionFilter(condition: Condition): Filter {
  const path = bodyPath(condition.path.segments);
  switch (condition.kind) {
    case 'eq':
      return { [path]: { $eq: condition.value } };
    case 'range':
      return { [path]: { [`$${condition.op}`]: condition.value } };
    case 'in':
      return { [path]: { $in: [...condition.values] } };
  }
}

/**
 * Documents after the cursor in (sort value, id) order. Null and missing sort lowest, as in
 * the PostgreSQL adapter; `$gt`/`$lt` never match null, hence the explicit null branches.
 */
function afterFilter(sort: ParsedSort, after: CursorPosition): Filter {
  const path = bodyPath(sort.path.segments);
  const value = after.value ?? null;
  if (sort.direction === 'asc') {
    return value === null
      ? { $or: [{ [path]: { $ne: null } }, { [path]: null, _id: { $gt: after.id } }] }
      : { $or: [{ [path]: { $gt: value } }, { [path]: { $eq: value }, _id: { $gt: after.id } }] };
  }
  return value === null
    ? { [path]: null, _id: { $lt: after.id } }
    : {
        $or: [
          { [path]: { $lt: value } },
          { [path]: { $eq: value }, _id: { $lt: after.id } },
          { [path]: null },
        ],
      };
}

/**
 * One MongoDB collection per document collection, each document stored as
 * `{ _id, tenantId, body, updatedAt }`. MongoDB has no row-level security, so the tenant rule
 * PostgreSQL enforces for the other adapter is applied here to every read and write.
 */
export class MongooseDocumentStore extends DocumentStore {
  private readonly indexed = new Map<string, Promise<unknown>>();

  /** `connection`: the one MongooseModule opens and closes (DocumentStoreModule). */
  constructor(
    private readonly connection: Connection,
    private readonly scope: TenantScope,
  ) {
    super();
  }

  async upsert(
    collection: string,
    id: string,
    doc: object,
    opts?: DocumentWriteOptions,
  ): Promise<void> {
    const name = parseCollection(collection);
    const key = parseId(id);
    const tenantId = parseTenantId(opts);
    const body = toJsonDocument(doc).value;
    this.assertMayWrite(tenantId);
    const col = await this.writable(name);
    try {
      await col.replaceOne(
        { _id: key, ...this.visible() },
        { tenantId, body, updatedAt: new Date() },
        { upsert: true },
      );
    } catch (error) {
      // Scoped, the only way to collide is with an id another tenant owns.
      if (isDuplicateKey(error) && !this.scope.isSystemScope) throw permissionDenied();
      throw error;
    }
  }

  async insertIfAbsent(
    collection: string,
    id: string,
    doc: object,
    opts?: DocumentWriteOptions,
  ): Promise<boolean> {
    const name = parseCollection(collection);
    const key = parseId(id);
    const tenantId = parseTenantId(opts);
    const body = toJsonDocument(doc).value;
    this.assertMayWrite(tenantId);
    const col = await this.writable(name);
    try {
      await col.insertOne({ _id: key, tenantId, body, updatedAt: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async get<T>(collection: string, id: string): Promise<T | null> {
    const found = await this.collection(parseCollection(collection)).findOne(
      { _id: parseId(id), ...this.visible() },
      { projection: { body: 1 } },
    );
    return (found?.body as T | undefined) ?? null;
  }

  async find<T>(collection: string, opts: FindOptions): Promise<DocumentPage<T>> {
    const col = this.collection(parseCollection(collection));
    const find = parseFind(opts);
    const { sort, after } = find;
    const parts: Filter[] = [this.visible(), ...find.conditions.map(conditionFilter)];
    let order: mongo.Sort = { _id: 1 };
    if (sort) {
      const dir = sort.direction === 'asc' ? 1 : -1;
      order = { [bodyPath(sort.path.segments)]: dir, _id: dir };
      if (after) parts.push(afterFilter(sort, after));
    } else if (after) {
      parts.push({ _id: { $gt: after.id } });
    }
    const rows = await col
      .find(and(parts), { projection: { body: 1 } })
      .sort(order)
      .limit(find.limit + 1)
      .toArray();
    return toPage<(typeof rows)[number], T>(
      rows,
      find,
      (row) => row.body as T,
      (row) => ({ value: sort ? valueAt(row.body, sort.path.segments) : null, id: row._id }),
    );
  }

  async count(collection: string, filter?: DocumentFilter): Promise<number> {
    return this.collection(parseCollection(collection)).countDocuments(
      this.matching(parseFilter(filter)),
    );
  }

  async delete(collection: string, id: string): Promise<boolean> {
    const result = await this.collection(parseCollection(collection)).deleteOne({
      _id: parseId(id),
      ...this.visible(),
    });
    return result.deletedCount === 1;
  }

  async deleteMany(collection: string, filter?: DocumentFilter): Promise<number> {
    const result = await this.collection(parseCollection(collection)).deleteMany(
      this.matching(parseFilter(filter)),
    );
    return result.deletedCount;
  }

  async ping(): Promise<void> {
    await this.database().command({ ping: 1 });
  }

  /** The database itself, for tests that drop what they created. */
  database(): mongo.Db {
    const db = this.connection.db;
    if (!db) throw new Error('The MongoDB connection is not open');
    return db;
  }

  private collection(name: string): mongo.Collection<StoredDocument> {
    return this.database().collection<StoredDocument>(name);
  }

  /** Index for the tenant filter every scoped read adds; created once per collection. */
  private async writable(name: string): Promise<mongo.Collection<StoredDocument>> {
    const col = this.collection(name);
    let ready = this.indexed.get(name);
    if (!ready) {
      ready = col.createIndex({ tenantId: 1 }).catch((error: unknown) => {
        this.indexed.delete(name);
        throw error;
      });
      this.indexed.set(name, ready);
    }
    await ready;
    return col;
  }

  private matching(conditions: readonly Condition[]): Filter {
    return and([this.visible(), ...conditions.map(conditionFilter)]);
  }

  /** The row-level-security USING clause: own tenant only, everything in system scope. */
  private visible(): Filter {
    if (this.scope.isSystemScope) return {};
    const own = this.ownTenant();
    return own === null ? { tenantId: { $in: [] } } : { tenantId: own };
  }

  /** The WITH CHECK clause: a scoped caller writes only its own tenant's documents. */
  private assertMayWrite(tenantId: string | null): void {
    if (this.scope.isSystemScope) return;
    const own = this.ownTenant();
    if (own === null || tenantId !== own) throw permissionDenied();
  }

  private ownTenant(): string | null {
    return this.scope.tenantId?.toLowerCase() ?? null;
  }
}
