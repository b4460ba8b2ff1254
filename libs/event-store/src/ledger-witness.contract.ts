import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { LedgerWitness, WitnessMark, WitnessRecord } from './ledger-witness';

/*
 * One behaviour for every witness adapter; each adapter's int-spec runs it against a real
 * backend (a directory, an S3 API server).
 */

export interface LedgerWitnessHarness {
  /** A writer on a fresh, empty location. */
  witness: LedgerWitness;
  /** Another writer (another instance, or this one after a restart) on the same location. */
  another(): LedgerWitness;
  teardown(): Promise<void>;
}

const seal = (n: number): WitnessRecord => ({
  kind: 'seal',
  at: new Date().toISOString(),
  seal: {
    id: randomUUID(),
    fromTxId: String(100 + n),
    fromPosition: String(n),
    toTxId: String(200 + n),
    toPosition: String(n + 10),
    eventCount: 10,
    digest: n.toString(16).padStart(64, '0'),
    prevSealDigest: null,
    signature: 'header.payload.signature',
    keyId: 'kid',
    createdAt: new Date().toISOString(),
  },
});

const heads = (n: number): WitnessRecord => ({
  kind: 'heads',
  at: new Date().toISOString(),
  heads: [
    {
      streamType: 'thing',
      streamId: `stream-${n}`,
      streamVersion: n,
      position: String(1000 + n),
      txId: String(5000 + n),
      hash: 'ab'.repeat(32),
    },
  ],
});

async function collect(
  witness: LedgerWitness,
  mark: WitnessMark | null,
): Promise<{ records: WitnessRecord[]; mark: WitnessMark }> {
  const records: WitnessRecord[] = [];
  const next = await witness.scan(mark, (r) => {
    records.push(r);
  });
  return { records, mark: next };
}

export function describeLedgerWitnessContract(
  name: string,
  setup: () => Promise<LedgerWitnessHarness>,
): void {
  describe(`LedgerWitness contract: ${name}`, () => {
    let h: LedgerWitnessHarness;
    let mark: WitnessMark;
    const written: WitnessRecord[] = [];

    beforeAll(async () => {
      h = await setup();
    });
    afterAll(() => h.teardown());

    it('reads nothing from an empty location', async () => {
      const { records, mark: m } = await collect(h.witness, null);
      expect(records).toEqual([]);
      mark = m;
    });

    it('gives back every record exactly as appended, in the order written', async () => {
      for (let n = 1; n <= 5; n += 1) {
        const record = n % 2 ? heads(n) : seal(n);
        await h.witness.append(record);
        written.push(record);
      }
      const { records } = await collect(h.witness, null);
      expect(records).toEqual(written);
    });

    it('continues from a mark with only what was written since', async () => {
      const first = await collect(h.witness, mark);
      expect(first.records).toEqual(written);
      const later = [heads(6), seal(7)];
      for (const r of later) await h.witness.append(r);
      written.push(...later);
      const second = await collect(h.witness, first.mark);
      expect(second.records).toEqual(later);
      const third = await collect(h.witness, second.mark);
      expect(third.records).toEqual([]);
      mark = second.mark;
    });

    it('keeps every one of many concurrent appends', async () => {
      const burst = Array.from({ length: 25 }, (_, i) => heads(100 + i));
      await Promise.all(burst.map((r) => h.witness.append(r)));
      written.push(...burst);
      const { records, mark: m } = await collect(h.witness, mark);
      expect(records).toHaveLength(burst.length);
      expect(new Set(records.map((r) => JSON.stringify(r)))).toEqual(
        new Set(burst.map((r) => JSON.stringify(r))),
      );
      mark = m;
    });

    it('shows every writer of the location to every reader, including a restarted one', async () => {
      const other = h.another();
      const theirs = seal(500);
      await other.append(theirs);
      written.push(theirs);
      const since = await collect(h.witness, mark);
      expect(since.records).toEqual([theirs]);
      const fresh = await collect(h.another(), null);
      expect(fresh.records).toHaveLength(written.length);
      expect(new Set(fresh.records.map((r) => JSON.stringify(r)))).toEqual(
        new Set(written.map((r) => JSON.stringify(r))),
      );
    });
  });
}
