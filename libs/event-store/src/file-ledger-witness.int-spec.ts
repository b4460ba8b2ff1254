import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLedgerWitness } from './file-ledger-witness';
import { describeLedgerWitnessContract } from './ledger-witness.contract';

describeLedgerWitnessContract('append-only files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'opsledger-witness-'));
  const writers = [new FileLedgerWitness(join(dir, 'witness'))];
  return {
    witness: writers[0],
    another: () => {
      const w = new FileLedgerWitness(join(dir, 'witness'));
      writers.push(w);
      return w;
    },
    teardown: async () => {
      for (const w of writers) await w.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('FileLedgerWitness', () => {
  it('writes one file per process, readable by its owner and group only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opsledger-witness-'));
    const witness = new FileLedgerWitness(dir);
    try {
      await witness.append({ kind: 'heads', at: new Date().toISOString(), heads: [] });
      await witness.append({ kind: 'heads', at: new Date().toISOString(), heads: [] });
      const files = await readdir(dir);
      expect(files).toHaveLength(1);
      expect((await stat(join(dir, files[0]))).mode & 0o777).toBe(0o640);
    } finally {
      await witness.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
