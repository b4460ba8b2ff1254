import { Injectable } from '@nestjs/common';
import { Db, translateDatabaseError } from '@opsledger/persistence';
import {
  Condition,
  FieldPath,
  parseCollection,
  parseFilter,
  parseFind,
  parseId,
  parseTenantId,
  RangeOperator,
  toJsonDocument,
  toPage,
} from './document-query.parser';
import {
  DocumentFilter,
  DocumentPage,
  DocumentStore,
  DocumentWriteOptions,
  FindOptions,
} from './document-store.port';

const RANGE_SQL: Record<RangeOperator, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** Collects bind parameters; SQL text only ever holds their placeholders. */
class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** The field, with a missing one read as JSON null, as MongoDB treats it. */
  field(path: FieldPath): string {
    return `COALESCE(body #> ${this.add(path.segments)}::text[], 'null'::jsonb)`;
  }
}

function nested(segments: readonly string[], value: unknown): unknown {
  return segments.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

function conditionSql(condition: Condition, params: Params): string {
  switch (condition.kind) {
    case 'eq':
      if (condition.value === null) return `${params.field(condition.path)} = 'null'::jsonb`;
      // Containment rather than `#> =`, so the GIN (jsonb_path_ops) index serves equality.
      return `body @> ${params.add(JSON.stringify(nested(condition.path.segments, condition.value)))}::jsonb`;
    case 'range': {
      // jsonb orders across types (a string is below any number); MongoDB compares within one.
      const field = params.field(condition.path);
      const type = params.add(typeof condition.value);
      const bound = params.add(JSON.stringify(condition.value));
      return `(jsonb_typeof(${field}) = ${type} AND ${field} ${RANGE_SQL[condition.op]} ${bound}::jsonb)`;
    }
    case 'in':
      return `${params.add(JSON.stringify(condition.values))}::jsonb @> jsonb_build_array(${params.field(condition.path)})`;
  }
}

function whereSql(collection: string, conditions: readonly Condition[], params: Params): string {
  return [
    `collection = ${params.add(collection)}`,
    ...conditions.map((c) => conditionSql(c, params)),
  ].join(' AND ');
}

interface FoundRow {
  id: string;
  body: unknown;
  sort_value: unknown;
}

/**
 * Documents as JSONB rows of one `documents` table. Every statement runs in the caller's
 * transaction when there is one (a projection's read model commits with its checkpoint),
 * otherwise in its own, which is also what applies the row-level-security settings.
 */
@Injectable()
export class PostgresDocumentStore extends DocumentStore {
  constructor(private readonly db: Db) {
    super();
  }

  async upsert(
    collection: string,
    id: string,
    doc: object,
    opts?: DocumentWriteOptions,
  ): Promise<void> {
    const args = [
      parseCollection(collection),
      parseId(id),
      parseTenantId(opts),
      toJsonDocument(doc).json,
    ];
    await this.query(
      `INSERT INTO documents (collection, id, tenant_id, body) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (collection, id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, body = EXCLUDED.body`,
      args,
    );
  }

  async insertIfAbsent(
    collection: string,
    id: string,
    doc: object,
    opts?: DocumentWriteOptions,
  ): Promise<boolean> {
    const args = [
      parseCollection(collection),
      parseId(id),
      parseTenantId(opts),
      toJsonDocument(doc).json,
    ];
    const rows = await this.query(
      `INSERT INTO documents (collection, id, tenant_id, body) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (collection, id) DO NOTHING RETURNING 1 AS inserted`,
      args,
    );
    return rows.length === 1;
  }

  async get<T>(collection: string, id: string): Promise<T | null> {
    const rows = await this.query<{ body: T }>(
      `SELECT body FROM documents WHERE collection = $1 AND id = $2`,
      [parseCollection(collection), parseId(id)],
    );
    return rows[0]?.body ?? null;
  }

  async find<T>(collection: string, opts: FindOptions): Promise<DocumentPage<T>> {
    const name = parseCollection(collection);
    const find = parseFind(opts);
    const params = new Params();
    const where = [whereSql(name, find.conditions, params)];
    const { sort, after } = find;
    let sortValue = 'NULL::jsonb';
    let orderBy = 'id ASC';
    if (sort) {
      sortValue = params.field(sort.path);
      const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
      orderBy = `sort_value ${dir}, id ${dir}`;
      if (after) {
        const op = sort.direction === 'asc' ? '>' : '<';
        where.push(
          `(${sortValue}, id) ${op} (${params.add(JSON.stringify(after.value))}::jsonb, ${params.add(after.id)})`,
        );
      }
    } else if (after) {
      where.push(`id > ${params.add(after.id)}`);
    }
    const rows = await this.query<FoundRow>(
      `SELECT id, body, ${sortValue} AS sort_value FROM documents
        WHERE ${where.join(' AND ')}
        ORDER BY ${orderBy}
        LIMIT ${params.add(find.limit + 1)}`,
      params.values,
    );
    return toPage<FoundRow, T>(
      rows,
      find,
      (row) => row.body as T,
      (row) => ({ value: row.sort_value, id: row.id }),
    );
  }

  async count(collection: string, filter?: DocumentFilter): Promise<number> {
    const params = new Params();
    const where = whereSql(parseCollection(collection), parseFilter(filter), params);
    const rows = await this.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM documents WHERE ${where}`,
      params.values,
    );
    return rows[0]?.n ?? 0;
  }

  async delete(collection: string, id: string): Promise<boolean> {
    const rows = await this.query<{ n: number }>(
      `WITH gone AS (DELETE FROM documents WHERE collection = $1 AND id = $2 RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [parseCollection(collection), parseId(id)],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  async deleteMany(collection: string, filter?: DocumentFilter): Promise<number> {
    const params = new Params();
    const where = whereSql(parseCollection(collection), parseFilter(filter), params);
    const rows = await this.query<{ n: number }>(
      `WITH gone AS (DELETE FROM documents WHERE ${where} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
      params.values,
    );
    return rows[0]?.n ?? 0;
  }

  async ping(): Promise<void> {
    // Reaches the table itself: a missing migration or grant makes the store unready.
    await this.db.manager.query(`SELECT 1 FROM documents LIMIT 0`);
  }

  private async query<R = unknown>(sql: string, params: unknown[]): Promise<R[]> {
    const run = async () => (await this.db.manager.query(sql, params)) as R[];
    try {
      return await (this.db.inTransaction ? run() : this.db.transaction(run));
    } catch (error) {
      throw refusal(error) ?? error;
    }
  }
}

/** A row-level-security refusal becomes the same domain error the MongoDB adapter throws. */
function refusal(error: unknown): Error | undefined {
  const translated = translateDatabaseError(error);
  return translated?.kind === 'forbidden' ? translated : undefined;
}
