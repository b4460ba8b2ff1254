import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { ImportRecord, ImportRecordsParser } from '../../application/import-records.port';
import { ImportSource } from '../../domain/events/portfolio-import.events';
import { readSamJson } from './sam-entity-api.mapper';
import { readSamExtract } from './sam-extract.mapper';
import { readPrimeAwards } from './usaspending-award.mapper';

/** The three formats: SAM's pipe-delimited extract, the Entity API's JSON, USAspending's CSV. */
@Injectable()
export class FormatImportRecordsParser extends ImportRecordsParser {
  read<S extends ImportSource>(source: S, input: Readable): AsyncIterable<ImportRecord<S>> {
    const records =
      source === 'sam-extract'
        ? readSamExtract(input)
        : source === 'sam-json'
          ? readSamJson(input)
          : readPrimeAwards(input);
    return records as AsyncIterable<ImportRecord<S>>;
  }
}
