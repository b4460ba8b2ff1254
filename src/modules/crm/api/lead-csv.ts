import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import type { LeadImportRow } from '../application/commands/import-leads/import-leads.command';
import { InvalidCrmFieldError } from '../domain/crm.errors';

export const MAX_IMPORT_ROWS = 5000;

/**
 * Streams the CSV text through csv-parse, record by record, into rows keyed by lower-cased
 * header. A file that is not CSV at all (an unclosed quote) is a 400 naming `csv`; a record
 * with the wrong number of cells is kept and reported as invalid by the import.
 */
export async function leadRowsOf(csv: string): Promise<LeadImportRow[]> {
  const parser = Readable.from([csv]).pipe(
    parse({
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      bom: true,
      info: true,
    }),
  );
  const rows: LeadImportRow[] = [];
  try {
    for await (const item of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (rows.length === MAX_IMPORT_ROWS)
        throw new InvalidCrmFieldError('csv', `at most ${MAX_IMPORT_ROWS} rows per import`);
      rows.push({ line: item.info.lines, cells: item.record });
    }
  } catch (error) {
    if (error instanceof InvalidCrmFieldError) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : '';
    throw new InvalidCrmFieldError('csv', `csv is not valid CSV: ${message}`);
  } finally {
    parser.destroy();
  }
  if (rows.length === 0) throw new InvalidCrmFieldError('csv', 'csv has a header but no rows');
  return rows;
}
