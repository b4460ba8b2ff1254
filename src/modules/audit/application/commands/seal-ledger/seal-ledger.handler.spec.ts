import { CommitCursor, compareCommitOrder } from '../../../domain/ledger-event';
import { LedgerSeal, MAX_EVENTS_PER_SEAL } from '../../../domain/ledger-seal';
import {
  LedgerSealRepository,
  SealedEventRef,
  SealLockOutcome,
} from '../../../domain/ledger-seal.repository';
import { SealDigest } from '../../../domain/seal-digest';
import { SealSigner } from '../../../domain/seal-signer.port';
import { SealLedgerCommand } from './seal-ledger.command';
import { SealLedgerHandler } from './seal-ledger.handler';

class FakeSeals extends LedgerSealRepository {
  readonly seals: LedgerSeal[] = [];
  locked = false;

  constructor(readonly refs: SealedEventRef[]) {
    super();
  }

  async withSealLock<T>(_wait: boolean, fn: () => Promise<T>): Promise<SealLockOutcome<T>> {
    return this.locked ? { acquired: false } : { acquired: true, value: await fn() };
  }

  async latest(): Promise<LedgerSeal | null> {
    return this.seals[this.seals.length - 1] ?? null;
  }

  async committedAfter(after: CommitCursor, limit: number): Promise<SealedEventRef[]> {
    return this.refs.filter((r) => compareCommitOrder(r, after) > 0).slice(0, limit);
  }

  async add(seal: LedgerSeal): Promise<void> {
    this.seals.push(seal);
  }
}

const signer: SealSigner = {
  sign: async (digest: string) => ({ signature: `sig(${digest})`, keyId: 'k1' }),
  verify: async () => true,
};

/** Commit order differs from position order, as it does under concurrent writers. */
const refsOf = (n: number): SealedEventRef[] =>
  Array.from({ length: n }, (_, i) => ({
    txId: String(100 + i),
    position: String(i % 2 === 0 ? i + 2 : i),
    hash: `h${i}`,
  }));

describe('SealLedgerHandler', () => {
  it('seals the backlog in bounded seals, each chained to the one before', async () => {
    const refs = refsOf(MAX_EVENTS_PER_SEAL + 5);
    const repo = new FakeSeals(refs);
    const handler = new SealLedgerHandler(repo, signer);

    const first = await handler.execute(new SealLedgerCommand(false));
    expect(first).toMatchObject({ created: true, more: true, busy: false });
    expect(first.seal).toMatchObject({
      eventCount: MAX_EVENTS_PER_SEAL,
      prevSealDigest: null,
      keyId: 'k1',
    });
    expect(first.seal?.from).toEqual({ txId: refs[0].txId, position: refs[0].position });
    expect(first.seal?.to).toEqual({
      txId: refs[MAX_EVENTS_PER_SEAL - 1].txId,
      position: refs[MAX_EVENTS_PER_SEAL - 1].position,
    });
    const expected = new SealDigest(null);
    refs.slice(0, MAX_EVENTS_PER_SEAL).forEach((r) => expected.add(r.position, r.hash));
    expect(first.seal?.digest).toBe(expected.finish());
    expect(first.seal?.signature).toBe(`sig(${first.seal?.digest})`);

    const second = await handler.execute(new SealLedgerCommand(false));
    expect(second).toMatchObject({ created: true, more: false });
    expect(second.seal).toMatchObject({ eventCount: 5, prevSealDigest: first.seal?.digest });

    const third = await handler.execute(new SealLedgerCommand(false));
    expect(third).toEqual({ created: false, seal: second.seal, busy: false, more: false });
  });

  it('does nothing while another instance holds the lock', async () => {
    const repo = new FakeSeals(refsOf(3));
    repo.locked = true;
    expect(await new SealLedgerHandler(repo, signer).execute(new SealLedgerCommand(false))).toEqual(
      {
        created: false,
        seal: null,
        busy: true,
        more: false,
      },
    );
    expect(repo.seals).toEqual([]);
  });
});
