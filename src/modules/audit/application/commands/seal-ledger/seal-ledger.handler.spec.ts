import { KeyStore } from '@opsledger/auth';
import {
  eventHash,
  LedgerMac,
  LedgerMetrics,
  LedgerWitness,
  StoredEvent,
  WitnessMark,
  WitnessRecord,
} from '@opsledger/event-store';
import { CommitCursor, compareCommitOrder } from '../../../domain/ledger-event';
import { IntegrityBreak, IntegrityFinding } from '../../../domain/ledger-integrity';
import { LedgerSeal, MAX_EVENTS_PER_SEAL } from '../../../domain/ledger-seal';
import { LedgerSealRepository, SealLockOutcome } from '../../../domain/ledger-seal.repository';
import { SealDigest } from '../../../domain/seal-digest';
import { SealSigner } from '../../../domain/seal-signer.port';
import {
  LedgerReader,
  LinkedLedgerEvent,
  LocatedEvent,
  StreamVersionRef,
} from '../../queries/ledger.reader';
import { LedgerVerifier, witnessedSealOf } from '../../verification/ledger-verifier';
import { SealLedgerCommand } from './seal-ledger.command';
import { SealLedgerHandler } from './seal-ledger.handler';

class FakeSeals extends LedgerSealRepository {
  readonly seals: LedgerSeal[] = [];
  readonly refusals: IntegrityFinding[][] = [];
  locked = false;

  async withSealLock<T>(_wait: boolean, fn: () => Promise<T>): Promise<SealLockOutcome<T>> {
    return this.locked ? { acquired: false } : { acquired: true, value: await fn() };
  }

  async latest(): Promise<LedgerSeal | null> {
    return this.seals[this.seals.length - 1] ?? null;
  }

  async add(seal: LedgerSeal): Promise<void> {
    this.seals.push(seal);
  }

  async recordRefusal(findings: readonly IntegrityFinding[]): Promise<void> {
    this.refusals.push([...findings]);
  }
}

const unused = (): never => {
  throw new Error('not used by the seal handler');
};

/** The ledger as a list in commit order; only what the seal handler reads. */
class FakeLedger extends LedgerReader {
  constructor(
    readonly events: StoredEvent[],
    private readonly seals: FakeSeals,
  ) {
    super();
  }

  async committedAfter(after: CommitCursor, limit: number): Promise<LinkedLedgerEvent[]> {
    return this.events
      .filter((e) => compareCommitOrder(e, after) > 0)
      .slice(0, limit)
      .map((event) => ({ event, predecessorHash: null }));
  }

  async eventsAt(refs: readonly StreamVersionRef[]): Promise<LocatedEvent[]> {
    return this.events.filter((e) =>
      refs.some(
        (r) =>
          r.streamType === e.streamType &&
          r.streamId === e.streamId &&
          r.streamVersion === e.streamVersion,
      ),
    );
  }

  async sealsById(ids: readonly string[]): Promise<LedgerSeal[]> {
    return this.seals.seals.filter((s) => ids.includes(s.id));
  }

  maxPosition = unused;
  sealLag = unused;
  unsealedAtLeast = unused;
  linkedEvents = unused;
  eventRefs = unused;
  allSeals = unused;
  sealsOverlapping = unused;
  sealBefore = unused;
  sealsBetween = unused;
  latestSeals = unused;
  walk = unused;
  summariseSealRanges = unused;
}

/** A witness in memory: a list of records, the mark an index into it. */
class MemoryWitness extends LedgerWitness {
  readonly records: WitnessRecord[] = [];
  readonly location = 'memory:';

  async append(record: WitnessRecord): Promise<void> {
    this.records.push(record);
  }

  async scan(
    mark: WitnessMark | null,
    visit: (record: WitnessRecord) => void | Promise<void>,
  ): Promise<WitnessMark> {
    const from = (mark?.next as number | undefined) ?? 0;
    for (const record of this.records.slice(from)) await visit(record);
    return { next: this.records.length };
  }

  async close(): Promise<void> {}
}

const signer: SealSigner = {
  sign: async (digest: string) => ({ signature: `sig(${digest})`, keyId: 'k1' }),
  verify: async () => true,
};

describe('SealLedgerHandler', () => {
  let mac: LedgerMac;

  beforeAll(async () => {
    const keys = new KeyStore();
    await keys.load({ generateIfMissing: true });
    mac = new LedgerMac(keys);
  });

  /** Events with valid hashes and MACs; commit order differs from position order, as under concurrent writers. */
  const eventsOf = (n: number): StoredEvent[] =>
    Array.from({ length: n }, (_, i) => {
      const draft = {
        eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        streamType: 'thing',
        streamId: `thing-${i}`,
        streamVersion: 1,
        eventType: 'test.thing.happened.v1',
        schemaVersion: 1,
        payload: { i },
        metadata: {
          actorId: null,
          actorType: 'system',
          tenantId: null,
          ip: null,
          userAgent: null,
          correlationId: 'c',
          causationId: null,
        },
        tenantId: null,
        occurredAt: new Date('2025-01-01T00:00:00.000Z'),
        prevHash: null,
      };
      const position = String(i % 2 === 0 ? i + 2 : i);
      const txId = String(100 + i);
      const hash = eventHash(draft);
      const { mac: value, keyId } = mac.sign({ position, txId, hash });
      return { ...draft, position, txId, hash, mac: value, macKeyId: keyId };
    });

  const setup = (events: StoredEvent[]) => {
    const repo = new FakeSeals();
    const ledger = new FakeLedger(events, repo);
    const witness = new MemoryWitness();
    const handler = new SealLedgerHandler(
      repo,
      ledger,
      signer,
      new LedgerVerifier(mac, witness, signer),
      witness,
      new LedgerMetrics(),
    );
    const seal = () => handler.execute(new SealLedgerCommand(false));
    return { repo, ledger, witness, handler, seal };
  };

  it('seals the backlog in bounded seals, each chained to the one before and witnessed', async () => {
    const events = eventsOf(MAX_EVENTS_PER_SEAL + 5);
    const { repo, witness, seal } = setup(events);

    const first = await seal();
    expect(first).toMatchObject({ created: true, more: true, busy: false, refused: null });
    expect(first.seal).toMatchObject({
      eventCount: MAX_EVENTS_PER_SEAL,
      prevSealDigest: null,
      keyId: 'k1',
    });
    expect(first.seal?.from).toEqual({ txId: events[0].txId, position: events[0].position });
    expect(first.seal?.to).toEqual({
      txId: events[MAX_EVENTS_PER_SEAL - 1].txId,
      position: events[MAX_EVENTS_PER_SEAL - 1].position,
    });
    const expected = new SealDigest(null);
    events.slice(0, MAX_EVENTS_PER_SEAL).forEach((e) => expected.add(e.position, e.hash));
    expect(first.seal?.digest).toBe(expected.finish());
    expect(first.seal?.signature).toBe(`sig(${first.seal?.digest})`);

    const second = await seal();
    expect(second).toMatchObject({ created: true, more: false });
    expect(second.seal).toMatchObject({ eventCount: 5, prevSealDigest: first.seal?.digest });

    const third = await seal();
    expect(third).toEqual({
      created: false,
      seal: second.seal,
      busy: false,
      more: false,
      refused: null,
    });
    expect(witness.records).toEqual([
      { kind: 'seal', at: expect.any(String), seal: witnessedSealOf(first.seal!) },
      { kind: 'seal', at: expect.any(String), seal: witnessedSealOf(second.seal!) },
    ]);
    expect(repo.refusals).toEqual([]);
  });

  it('refuses to sign a range holding an event rewritten without the key, and records the refusal once', async () => {
    const events = eventsOf(6);
    const forged = { ...events[3], payload: { i: 'forged' } };
    events[3] = { ...forged, hash: eventHash(forged) };
    const { repo, witness, seal } = setup(events);

    const outcome = await seal();
    expect(outcome).toMatchObject({ created: false, seal: null });
    expect(outcome.refused).toEqual([
      { position: events[3].position, reason: IntegrityBreak.macMismatch, sealId: null },
    ]);
    expect(repo.seals).toEqual([]);
    expect(witness.records).toEqual([]);
    await seal();
    expect(repo.refusals).toHaveLength(1);
  });

  it('refuses when an append head the witness recorded is gone from the database', async () => {
    const events = eventsOf(4);
    const { repo, ledger, witness, seal } = setup(events);
    const [gone] = ledger.events.splice(2, 1);
    await witness.append({
      kind: 'heads',
      at: new Date().toISOString(),
      heads: [
        {
          streamType: gone.streamType,
          streamId: gone.streamId,
          streamVersion: gone.streamVersion,
          position: gone.position,
          txId: gone.txId,
          hash: gone.hash,
        },
      ],
    });
    const outcome = await seal();
    expect(outcome.refused).toEqual([
      { position: gone.position, reason: IntegrityBreak.eventMissing, sealId: null },
    ]);
    expect(repo.seals).toEqual([]);
  });

  it('adopts a seal that reached the witness but never its table, once its events check out', async () => {
    const events = eventsOf(5);
    const { repo, witness, seal } = setup(events);
    const digest = new SealDigest(null);
    events.slice(0, 3).forEach((e) => digest.add(e.position, e.hash));
    const value = digest.finish();
    const orphan: LedgerSeal = {
      id: '5d8f3a9e-1b2c-4d5e-8f90-a1b2c3d4e5f6',
      from: { txId: events[0].txId, position: events[0].position },
      to: { txId: events[2].txId, position: events[2].position },
      eventCount: 3,
      digest: value,
      prevSealDigest: null,
      signature: `sig(${value})`,
      keyId: 'k1',
      createdAt: new Date(),
    };
    await witness.append({
      kind: 'seal',
      at: orphan.createdAt.toISOString(),
      seal: witnessedSealOf(orphan),
    });

    const adopted = await seal();
    expect(adopted).toMatchObject({ created: true, more: true, refused: null });
    expect(adopted.seal).toEqual(orphan);
    const next = await seal();
    expect(next.seal).toMatchObject({ eventCount: 2, prevSealDigest: orphan.digest });
    expect(repo.seals.map((s) => s.id)).toEqual([orphan.id, next.seal!.id]);
  });

  it('does nothing while another instance holds the lock', async () => {
    const { repo, seal } = setup(eventsOf(3));
    repo.locked = true;
    expect(await seal()).toEqual({
      created: false,
      seal: null,
      busy: true,
      more: false,
      refused: null,
    });
    expect(repo.seals).toEqual([]);
  });

  it('lets the process serve other work while it checks a backlog', async () => {
    const events = eventsOf(200);
    const { repo, seal } = setup(events);
    // each check made to take 0.1 ms: 20 ms of checking in all, several slices
    const check = LedgerVerifier.prototype.eventBreakOf;
    const slow = jest.spyOn(LedgerVerifier.prototype, 'eventBreakOf').mockImplementation(function (
      this: LedgerVerifier,
      linked: LinkedLedgerEvent,
    ) {
      const until = performance.now() + 0.1;
      while (performance.now() < until);
      return check.call(this, linked);
    });
    // the fake ledger answers without I/O: a turn of the event loop happens only if the
    // handler yields one
    let turns = 0;
    let counting = true;
    const count = () => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    try {
      const outcome = await seal();
      expect(outcome).toMatchObject({ created: true, refused: null });
      expect(outcome.seal?.eventCount).toBe(200);
      expect(turns).toBeGreaterThanOrEqual(3);
    } finally {
      counting = false;
      slow.mockRestore();
    }
    expect(repo.seals).toHaveLength(1);
  });
});
