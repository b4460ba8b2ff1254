import 'reflect-metadata';
import { SYSTEM_ACTOR } from '@opsledger/persistence';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ConfigurationError } from '../config/app-config';
import { ContractorImporter } from '../modules/portfolio/portfolio.public';
import type { ImportSource } from '../modules/portfolio/portfolio.public';
import { withCliApp } from './cli-app';

/*
 * npm run portfolio:import -- FILE [--source sam-extract|sam-json|usaspending-awards]
 *
 * Imports a SAM.gov entity extract (pipe-delimited, `.dat`/`.txt`), an Entity API response
 * (`.json`) or a USAspending prime-award file (`.csv`) with the service's configuration and
 * database, showing a progress bar. Run it again after a crash: it resumes after the last
 * committed batch; run it on the same file again: nothing changes.
 */

const note = (line: string) => process.stderr.write(`${line}\n`);
const SOURCES: ImportSource[] = ['sam-extract', 'sam-json', 'usaspending-awards'];

function sourceOf(file: string, given: string | undefined): ImportSource {
  if (given) {
    if (!SOURCES.includes(given as ImportSource))
      throw new ConfigurationError(`--source must be one of ${SOURCES.join(', ')}`);
    return given as ImportSource;
  }
  if (/\.json$/i.test(file)) return 'sam-json';
  if (/\.csv$/i.test(file)) return 'usaspending-awards';
  return 'sam-extract';
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** A bar on stderr when it is a terminal, a line every 10% otherwise. */
function progressBar(total: number) {
  const tty = process.stderr.isTTY;
  let last = -1;
  return (done: number, records: number) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const percent = Math.floor(ratio * 100);
    if (tty) {
      const width = 30;
      const filled = Math.round(ratio * width);
      process.stderr.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}%  ${records.toLocaleString('en-US')} records`,
      );
    } else if (Math.floor(percent / 10) > last) {
      last = Math.floor(percent / 10);
      note(`${percent}%  ${records.toLocaleString('en-US')} records`);
    }
  };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--source');
  if (!file) {
    note(
      'usage: npm run portfolio:import -- FILE [--source sam-extract|sam-json|usaspending-awards]',
    );
    return 2;
  }
  try {
    const given = args.includes('--source') ? args[args.indexOf('--source') + 1] : undefined;
    const source = sourceOf(file, given);
    const size = (await stat(file)).size;
    const fileSha256 = await sha256Of(file);
    await withCliApp(
      async (app) => {
        let bytes = 0;
        const show = progressBar(size);
        const started = Date.now();
        const outcome = await app.get(ContractorImporter).run(
          {
            source,
            fileName: basename(file),
            fileSha256,
            open: () =>
              createReadStream(file).pipe(
                new Transform({
                  transform(chunk: Buffer, _encoding, done) {
                    bytes += chunk.length;
                    done(null, chunk);
                  },
                }),
              ),
          },
          SYSTEM_ACTOR,
          (totals) => show(bytes, totals.recordsRead),
        );
        show(size, outcome.totals.recordsRead);
        if (process.stderr.isTTY) process.stderr.write('\n');
        const t = outcome.totals;
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(
          `Imported ${basename(file)} (${source}) in ${seconds.toFixed(1)} s: ${t.recordsRead} read, ${t.inserted} inserted, ` +
            `${t.updated} updated, ${t.unchanged} unchanged, ${t.rejected} rejected` +
            (outcome.resumedAfter ? ` (resumed after ${outcome.resumedAfter})` : '') +
            `; import ${outcome.importId}\n`,
        );
        for (const reason of outcome.rejections.slice(0, 10)) note(`  rejected: ${reason}`);
      },
      { note },
    );
    return 0;
  } catch (error) {
    note(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

void main().then((code) => process.exit(code));
