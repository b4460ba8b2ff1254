import type { Readable } from 'node:stream';
import { Parsed, PrimeAward, SamEntity } from '../domain/contractor-record';
import { ImportSource } from '../domain/events/portfolio-import.events';

export type ImportRecord<S extends ImportSource> = S extends 'usaspending-awards'
  ? Parsed<PrimeAward>
  : Parsed<SamEntity>;

/** Port: the records of a file in one of the import formats, streamed. */
export abstract class ImportRecordsParser {
  abstract read<S extends ImportSource>(source: S, input: Readable): AsyncIterable<ImportRecord<S>>;
}
