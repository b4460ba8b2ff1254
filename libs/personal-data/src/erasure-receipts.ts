import { Db } from '@opsledger/persistence';
import { ErasureReceipt } from './erasure-participant';

/**
 * Deletes the rows of one person from each table, in the order given (children first), in the
 * current unit of work, and says how many went from where. `column` names the person's column
 * of a table (`user_id` unless told otherwise). Table and column names come from code, never
 * from input.
 */
export async function deleteRowsOf(
  db: Db,
  personId: string,
  tables: readonly string[],
  column: (table: string) => string = () => 'user_id',
): Promise<ErasureReceipt[]> {
  const receipts: ErasureReceipt[] = [];
  for (const table of tables) {
    const deleted = (await db.manager.query(`DELETE FROM ${table} WHERE ${column(table)} = $1`, [
      personId,
    ])) as [unknown[], number];
    receipts.push({ store: 'postgresql', location: table, action: 'deleted', count: deleted[1] });
  }
  return receipts;
}
