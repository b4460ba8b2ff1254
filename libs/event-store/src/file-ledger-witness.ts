import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { LedgerWitness, parseWitnessRecord, WitnessMark, WitnessRecord } from './ledger-witness';

const FILE = /^witness-[0-9TZ]+-[0-9a-f]+\.jsonl$/;
const CHUNK = 64 * 1024;

/**
 * The witness as append-only JSON-lines files in a directory outside the database (by
 * default under DATA_DIR): one file per process, opened for appending only and synced after
 * every record. Readers take every file in the directory, so instances that share the
 * directory see each other's records. An operator can make the files immutable beyond
 * appending at the filesystem level (`chattr +a`), or ship them off the host.
 */
export class FileLedgerWitness extends LedgerWitness {
  private readonly logger = new Logger(FileLedgerWitness.name);
  private handle: Promise<FileHandle> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {
    super();
  }

  get location(): string {
    return `file:${this.dir}`;
  }

  append(record: WitnessRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const write = this.writing.then(async () => {
      const handle = await this.file();
      await handle.appendFile(line, 'utf8');
      await handle.datasync();
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  async scan(
    mark: WitnessMark | null,
    visit: (record: WitnessRecord) => void | Promise<void>,
  ): Promise<WitnessMark> {
    const offsets: Record<string, number> = { ...((mark as Record<string, number>) ?? {}) };
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => FILE.test(n)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return offsets;
      throw error;
    }
    for (const name of names) {
      offsets[name] = await this.scanFile(name, offsets[name] ?? 0, visit);
    }
    return offsets;
  }

  override async close(): Promise<void> {
    await this.writing;
    const handle = this.handle;
    this.handle = null;
    if (handle) await (await handle).close();
  }

  /** Reads complete lines from `offset`; a line still being written is left for next time. */
  private async scanFile(
    name: string,
    offset: number,
    visit: (record: WitnessRecord) => void | Promise<void>,
  ): Promise<number> {
    const handle = await open(join(this.dir, name), 'r');
    try {
      let position = offset;
      let pending = Buffer.alloc(0);
      for (;;) {
        const buffer = Buffer.alloc(CHUNK);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, position + pending.length);
        if (bytesRead === 0) return position;
        pending = Buffer.concat([pending, buffer.subarray(0, bytesRead)]);
        let newline = pending.indexOf(0x0a);
        while (newline >= 0) {
          const text = pending.subarray(0, newline).toString('utf8');
          pending = pending.subarray(newline + 1);
          position += newline + 1;
          await this.visitLine(name, text, visit);
          newline = pending.indexOf(0x0a);
        }
      }
    } finally {
      await handle.close();
    }
  }

  private async visitLine(
    name: string,
    text: string,
    visit: (record: WitnessRecord) => void | Promise<void>,
  ): Promise<void> {
    if (text.trim() === '') return;
    const record = parseWitnessRecord(text);
    if (record) await visit(record);
    else this.logger.warn(`${name}: skipped a line that is not a witness record`);
  }

  private file(): Promise<FileHandle> {
    this.handle ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o750 });
      const stamp = new Date().toISOString().replace(/[-:.]/g, '');
      const name = `witness-${stamp}-${randomBytes(4).toString('hex')}.jsonl`;
      return open(join(this.dir, name), 'a', 0o640);
    })().catch((error: unknown) => {
      this.handle = null;
      throw error;
    });
    return this.handle;
  }
}
