import { decodeCursor, InvalidCursorError, Page, toPage } from '@opsledger/http';
import { EntityManager } from 'typeorm';

export type SortType = 'timestamptz' | 'date' | 'numeric' | 'text';

/** How a sort value looks as PostgreSQL prints it; a cursor carrying anything else was not ours. */
const SORT_VALUE: Record<SortType, RegExp> = {
  timestamptz: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/,
  date: /^(\d{4}-\d{2}-\d{2}|infinity)$/,
  numeric: /^-?\d{1,20}(\.\d{1,10})?$/,
  text: /^.{0,200}$/s,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Collects SQL conditions and their parameters; `param` returns the placeholder. */
export class SqlConditions {
  readonly params: unknown[] = [];
  readonly where: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(condition: string): void {
    this.where.push(condition);
  }
}

export interface KeysetSpec<R, T> {
  /** Selected columns of the table aliased `x`. */
  columns: string;
  table: string;
  conditions: SqlConditions;
  /** The sort's name (`dueDate`), an SQL expression over `x`, its type and direction. */
  sort: { name: string; expr: string; type: SortType; descending: boolean };
  limit: number;
  cursor: string | undefined;
  map: (row: R) => T;
}

/**
 * One page in a stable order: the sort expression, then the id as a tie-breaker. The cursor
 * carries the sort's name, so a cursor is refused by a request that sorts differently.
 */
export async function keysetPage<R extends { id: string }, T>(
  manager: EntityManager,
  spec: KeysetSpec<R, T>,
): Promise<Page<T>> {
  const { conditions, sort } = spec;
  const after = decodeCursor(spec.cursor, 3);
  if (after) {
    const [name, value, id] = after;
    if (
      name !== sort.name ||
      typeof value !== 'string' ||
      !SORT_VALUE[sort.type].test(value) ||
      typeof id !== 'string' ||
      !UUID.test(id)
    ) {
      throw new InvalidCursorError();
    }
    conditions.add(
      `(${sort.expr}, x.id) ${sort.descending ? '<' : '>'} (${conditions.param(value)}::${sort.type}, ${conditions.param(id)}::uuid)`,
    );
  }
  const direction = sort.descending ? 'DESC' : 'ASC';
  const rows = (await manager.query(
    `SELECT ${spec.columns}, (${sort.expr})::text AS sort_value
       FROM ${spec.table} x
      ${conditions.where.length ? `WHERE ${conditions.where.join(' AND ')}` : ''}
      ORDER BY ${sort.expr} ${direction}, x.id ${direction}
      LIMIT ${conditions.param(spec.limit + 1)}`,
    conditions.params,
  )) as Array<R & { sort_value: string }>;
  return toPage(rows, spec.limit, spec.map, (row) => [sort.name, row.sort_value, row.id]);
}

export function sortOf<K extends string>(sort: K | `-${K}`): { key: K; descending: boolean } {
  return sort.startsWith('-')
    ? { key: sort.slice(1) as K, descending: true }
    : { key: sort as K, descending: false };
}
