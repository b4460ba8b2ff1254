import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { normalisePrimeAward, Parsed, PrimeAward } from '../../domain/contractor-record';

/** The columns of USAspending's prime-award (contracts) extract the aggregates use. */
export const AWARD_COLUMNS = {
  awardId: ['contract_award_unique_key', 'award_id_piid'],
  recipientUei: ['recipient_uei'],
  value: ['current_total_value_of_award', 'total_dollars_obligated'],
  startDate: ['period_of_performance_start_date'],
  endDate: ['period_of_performance_current_end_date'],
} as const;

/** One CSV line (RFC 4180 quoting; a field may not span lines). */
export function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/** Reads the extract line by line; the first line names the columns. */
export async function* readPrimeAwards(input: Readable): AsyncGenerator<Parsed<PrimeAward>> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let index: Record<keyof typeof AWARD_COLUMNS, number> | null = null;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const cells = csvCells(line);
    if (!index) {
      const names = cells.map((c) => c.trim().toLowerCase());
      const found = Object.fromEntries(
        Object.entries(AWARD_COLUMNS).map(([key, options]) => [
          key,
          names.findIndex((n) => (options as readonly string[]).includes(n)),
        ]),
      ) as Record<keyof typeof AWARD_COLUMNS, number>;
      const missing = (['awardId', 'recipientUei', 'value'] as const).filter((k) => found[k] < 0);
      if (missing.length)
        throw new Error(
          `the awards file names no ${missing.map((k) => AWARD_COLUMNS[k][0]).join(', ')} column`,
        );
      index = found;
      continue;
    }
    const cell = (key: keyof typeof AWARD_COLUMNS) =>
      index![key] >= 0 ? cells[index![key]] : undefined;
    const award = normalisePrimeAward({
      awardId: cell('awardId'),
      recipientUei: cell('recipientUei'),
      value: cell('value'),
      startDate: cell('startDate'),
      endDate: cell('endDate'),
    });
    if (typeof award === 'string') yield { ok: false, reason: `line ${lineNo}: ${award}` };
    else
      yield {
        ok: true,
        sourceId: award.awardId,
        record: award,
        // snake_case as the extract names them; the recipient is indexed for the aggregates
        raw: {
          award_id: award.awardId,
          recipient_uei: award.recipientUei,
          value: award.value,
          start_date: award.startDate,
          end_date: award.endDate,
        },
      };
  }
  if (!index) throw new Error('the awards file is empty');
}
