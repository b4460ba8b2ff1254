import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { primeAwardLines, samExtractLines } from './synthetic-contractors';

/*
 * npm run portfolio:generate -- --entities N [--out FILE] [--awards FILE] [--awards-per-entity K] [--seed S]
 *
 * Writes a synthetic SAM.gov entity extract (pipe-delimited, `--out`, default stdout) and, with
 * `--awards`, a USAspending prime-award file for the same entities. Deterministic per seed.
 */

const note = (line: string) => process.stderr.write(`${line}\n`);

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function positive(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
  return n;
}

async function write(lines: Iterable<string>, out: Writable): Promise<void> {
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  try {
    const entities = positive(option(args, 'entities'), 'entities');
    const seed = positive(option(args, 'seed'), 'seed', 1);
    const out = option(args, 'out');
    await write(samExtractLines(entities, seed), out ? createWriteStream(out) : process.stdout);
    const awards = option(args, 'awards');
    if (awards) {
      const perEntity = positive(option(args, 'awards-per-entity'), 'awards-per-entity', 3);
      await write(primeAwardLines(entities, perEntity, seed), createWriteStream(awards));
    }
    if (out)
      note(`Wrote ${entities} entities to ${out}${awards ? ` and their awards to ${awards}` : ''}`);
    return 0;
  } catch (error) {
    note(error instanceof Error ? error.message : String(error));
    note(
      'usage: npm run portfolio:generate -- --entities N [--out FILE] [--awards FILE] [--seed S]',
    );
    return 2;
  }
}

void main().then((code) => process.exit(code));
