import { Injectable } from '@nestjs/common';
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  eventHash,
  LedgerMac,
  LedgerWitness,
  WitnessedHead,
  WitnessedSeal,
} from '@opsledger/event-store';
import { COMMIT_ORDER_START, CommitCursor, compareCommitOrder } from '../../domain/ledger-event';
import {
  eventBreakOf,
  IntegrityBreak,
  IntegrityBreakReason,
  IntegrityFinding,
  MAX_FINDINGS,
  sortFindings,
} from '../../domain/ledger-integrity';
import { LedgerSeal } from '../../domain/ledger-seal';
import { SealedEventRef } from '../../domain/ledger-seal.repository';
import { toSealView } from '../queries/list-seals/seal.read-model';
import { SealDigest } from '../../domain/seal-digest';
import { SealSigner } from '../../domain/seal-signer.port';
import { LinkedLedgerEvent, SealSpan, VerifiableLedger } from '../queries/ledger.reader';

const EVENT_BATCH = 500;
/**
 * Checking an event (canonical JSON, hash, MAC) is CPU work on the event loop: a seal of a
 * minute's events at 500 a second is tens of thousands of them. Requests get their turn
 * after each slice of this many milliseconds.
 */
const SLICE_MS = 4;
/** How many events between two looks at the clock. */
const CLOCK_EVERY = 16;
const SEAL_BATCH = 100;
const REF_BATCH = 2000;
const LOOKUP_BATCH = 500;
/** Findings kept in memory while checking; the report shows the first MAX_FINDINGS by position. */
const KEPT_FINDINGS = 10_000;

/** Positions [fromPosition, toPosition]; `complete` also checks every seal and witness record. */
export interface VerificationWindow {
  fromPosition: string;
  /** Null when the ledger holds no event. */
  toPosition: string | null;
  complete: boolean;
}

export interface VerificationReport {
  checkedEvents: number;
  checkedSeals: number;
  witness: { location: string; seals: number; heads: number };
  /** Every break found (the first MAX_FINDINGS by position), each at its exact position. */
  findings: IntegrityFinding[];
}

/** The seal fields a witnessed copy must match. */
export function sealDiffersFrom(seal: LedgerSeal, witnessed: WitnessedSeal): boolean {
  return (
    seal.digest !== witnessed.digest ||
    seal.prevSealDigest !== witnessed.prevSealDigest ||
    seal.eventCount !== witnessed.eventCount ||
    seal.from.txId !== witnessed.fromTxId ||
    seal.from.position !== witnessed.fromPosition ||
    seal.to.txId !== witnessed.toTxId ||
    seal.to.position !== witnessed.toPosition ||
    seal.signature !== witnessed.signature
  );
}

/** The witness keeps a seal as the API shows it. */
export const witnessedSealOf: (seal: LedgerSeal) => WitnessedSeal = toSealView;

export function sealOfWitnessed(w: WitnessedSeal): LedgerSeal {
  return {
    id: w.id,
    from: { txId: w.fromTxId, position: w.fromPosition },
    to: { txId: w.toTxId, position: w.toPosition },
    eventCount: w.eventCount,
    digest: w.digest,
    prevSealDigest: w.prevSealDigest,
    signature: w.signature,
    keyId: w.keyId,
    createdAt: new Date(w.createdAt),
  };
}

/**
 * Everything one can hold against the ledger, with the keys and the witness: each event's
 * hash, MAC and stream link; each seal's signature, chain and digest; and the database against
 * the witness (seals it recorded, heads of appends it recorded). Reports every break at its
 * exact position, so a seal-level break never hides the event that caused it.
 */
@Injectable()
export class LedgerVerifier {
  constructor(
    private readonly mac: LedgerMac,
    private readonly witness: LedgerWitness,
    private readonly signer: SealSigner,
  ) {}

  get witnessLocation(): string {
    return this.witness.location;
  }

  /** The first rule a stored event breaks (hash, MAC, stream link), or null. */
  eventBreakOf({ event, predecessorHash }: LinkedLedgerEvent): IntegrityBreakReason | null {
    return eventBreakOf({
      streamVersion: event.streamVersion,
      prevHash: event.prevHash,
      storedHash: event.hash,
      recomputedHash: eventHash(event),
      predecessorHash,
      mac: this.mac.check(event),
    });
  }

  /**
   * Checks a batch event by event (`visit` gets each with what it breaks, or null), in slices
   * of SLICE_MS that let the process serve requests in between.
   */
  async checkEach<T extends LinkedLedgerEvent>(
    batch: readonly T[],
    visit: (linked: T, reason: IntegrityBreakReason | null) => void,
  ): Promise<void> {
    let sliceStart = performance.now();
    for (let i = 0; i < batch.length; i++) {
      visit(batch[i], this.eventBreakOf(batch[i]));
      if ((i + 1) % CLOCK_EVERY === 0 && performance.now() - sliceStart >= SLICE_MS) {
        await nextTurn();
        sliceStart = performance.now();
      }
    }
  }

  /** What is wrong with a seal's own record given the one before it: signature, chain link. */
  async sealLinkBreakOf(
    seal: LedgerSeal,
    previous: LedgerSeal | null,
  ): Promise<IntegrityBreakReason | null> {
    if (!(await this.signer.verify(seal.signature, seal.digest)))
      return IntegrityBreak.sealSignatureInvalid;
    if (seal.prevSealDigest !== (previous?.digest ?? null)) return IntegrityBreak.sealChainBroken;
    return null;
  }

  /** What is wrong with a seal given the one before it: signature, chain link, digest, range. */
  async sealBreakOf(
    ledger: VerifiableLedger,
    seal: LedgerSeal,
    previous: LedgerSeal | null,
  ): Promise<IntegrityBreakReason | null> {
    const link = await this.sealLinkBreakOf(seal, previous);
    if (link) return link;
    const digest = new SealDigest(seal.prevSealDigest);
    let cursor: CommitCursor = previous?.to ?? COMMIT_ORDER_START;
    let first: SealedEventRef | null = null;
    for (;;) {
      const refs = await ledger.eventRefs(cursor, seal.to, REF_BATCH);
      for (const ref of refs) {
        digest.add(ref.position, ref.hash);
        first ??= ref;
      }
      if (refs.length < REF_BATCH) break;
      cursor = refs[refs.length - 1];
    }
    const count = digest.eventCount;
    if (digest.finish() !== seal.digest) return IntegrityBreak.sealDigestMismatch;
    if (count !== seal.eventCount || !first || compareCommitOrder(first, seal.from) !== 0)
      return IntegrityBreak.sealRangeMismatch;
    return null;
  }

  /** Witnessed heads that the database lacks or holds differently. */
  async headFindings(
    ledger: VerifiableLedger,
    heads: readonly WitnessedHead[],
  ): Promise<IntegrityFinding[]> {
    const findings: IntegrityFinding[] = [];
    for (let i = 0; i < heads.length; i += LOOKUP_BATCH) {
      const batch = heads.slice(i, i + LOOKUP_BATCH);
      const found = new Map(
        (await ledger.eventsAt(batch)).map((e) => [
          `${e.streamType}\u0000${e.streamId}\u0000${e.streamVersion}`,
          e,
        ]),
      );
      for (const head of batch) {
        const event = found.get(
          `${head.streamType}\u0000${head.streamId}\u0000${head.streamVersion}`,
        );
        if (!event)
          findings.push({
            position: head.position,
            reason: IntegrityBreak.eventMissing,
            sealId: null,
          });
        else if (
          event.position !== head.position ||
          event.txId !== head.txId ||
          event.hash !== head.hash
        )
          findings.push({
            position: head.position,
            reason: IntegrityBreak.eventDiffersFromWitness,
            sealId: null,
          });
      }
    }
    return findings;
  }

  async verify(ledger: VerifiableLedger, window: VerificationWindow): Promise<VerificationReport> {
    const findings: IntegrityFinding[] = [];
    const note = (f: IntegrityFinding) => {
      if (findings.length < KEPT_FINDINGS) findings.push(f);
    };
    const checkedEvents =
      window.toPosition === null
        ? 0
        : await this.checkEvents(ledger, window.fromPosition, window.toPosition, note);
    const span = window.complete
      ? await ledger.allSeals()
      : window.toPosition === null
        ? null
        : await ledger.sealsOverlapping(window.fromPosition, window.toPosition);
    const sealed = new Map<string, LedgerSeal>();
    if (span) await this.checkSeals(ledger, span, sealed, note);
    const witness = await this.checkWitness(ledger, window, sealed, note);
    return {
      checkedEvents,
      checkedSeals: sealed.size,
      witness,
      findings: sortFindings(findings).slice(0, MAX_FINDINGS),
    };
  }

  private async checkEvents(
    ledger: VerifiableLedger,
    fromPosition: string,
    toPosition: string,
    note: (f: IntegrityFinding) => void,
  ): Promise<number> {
    let after = (BigInt(fromPosition) - 1n).toString();
    let checked = 0;
    for (;;) {
      const batch = await ledger.linkedEvents(after, toPosition, EVENT_BATCH);
      checked += batch.length;
      await this.checkEach(batch, (linked, reason) => {
        if (reason) note({ position: linked.event.position, reason, sealId: null });
      });
      if (batch.length < EVENT_BATCH) return checked;
      after = batch[batch.length - 1].event.position;
    }
  }

  private async checkSeals(
    ledger: VerifiableLedger,
    span: SealSpan,
    sealed: Map<string, LedgerSeal>,
    note: (f: IntegrityFinding) => void,
  ): Promise<void> {
    let previous = await ledger.sealBefore(span.first);
    let after: CommitCursor | null = previous?.to ?? null;
    for (;;) {
      const seals = await ledger.sealsBetween(after, span.last.to, SEAL_BATCH);
      for (const seal of seals) {
        sealed.set(seal.id, seal);
        const reason = await this.sealBreakOf(ledger, seal, previous);
        if (reason) note({ position: seal.from.position, reason, sealId: seal.id });
        previous = seal;
      }
      if (seals.length < SEAL_BATCH) return;
      after = seals[seals.length - 1].to;
    }
  }

  /**
   * The database against the witness: witnessed seals (all of them for a complete window)
   * and append heads in the window, except those `skipHead` says are covered otherwise.
   */
  async checkWitness(
    ledger: VerifiableLedger,
    window: VerificationWindow,
    sealed: Map<string, LedgerSeal>,
    note: (f: IntegrityFinding) => void,
    skipHead: (head: WitnessedHead) => boolean = () => false,
  ): Promise<VerificationReport['witness']> {
    const inWindow = (position: string) =>
      window.complete ||
      (window.toPosition !== null &&
        BigInt(position) >= BigInt(window.fromPosition) &&
        BigInt(position) <= BigInt(window.toPosition));
    const witnessed = new Map<string, WitnessedSeal>();
    let heads: WitnessedHead[] = [];
    let headCount = 0;
    const checkHeads = async () => {
      for (const f of await this.headFindings(ledger, heads)) note(f);
      heads = [];
    };
    await this.witness.scan(null, async (record) => {
      if (record.kind === 'seal') {
        witnessed.set(record.seal.id, record.seal);
        return;
      }
      for (const head of record.heads) {
        if (!inWindow(head.position) || skipHead(head)) continue;
        headCount += 1;
        heads.push(head);
        if (heads.length >= LOOKUP_BATCH) await checkHeads();
      }
    });
    await checkHeads();

    // a seal's positions need not ascend (commit order), so its bounds are the lower and higher
    const overlaps = (w: WitnessedSeal) => {
      if (window.toPosition === null) return false;
      const [a, b] = [BigInt(w.fromPosition), BigInt(w.toPosition)];
      const [low, high] = a < b ? [a, b] : [b, a];
      return low <= BigInt(window.toPosition) && high >= BigInt(window.fromPosition);
    };
    const relevant = [...witnessed.values()].filter(
      (w) => window.complete || sealed.has(w.id) || overlaps(w),
    );
    for (let i = 0; i < relevant.length; i += LOOKUP_BATCH) {
      const batch = relevant.slice(i, i + LOOKUP_BATCH);
      const stored = new Map(
        (await ledger.sealsById(batch.map((w) => w.id))).map((s) => [s.id, s]),
      );
      for (const w of batch) {
        const seal = stored.get(w.id);
        if (!seal)
          note({ position: w.fromPosition, reason: IntegrityBreak.sealMissing, sealId: w.id });
        else if (sealDiffersFrom(seal, w))
          note({
            position: seal.from.position,
            reason: IntegrityBreak.sealDiffersFromWitness,
            sealId: w.id,
          });
      }
    }
    for (const seal of sealed.values())
      if (!witnessed.has(seal.id))
        note({
          position: seal.from.position,
          reason: IntegrityBreak.sealNotWitnessed,
          sealId: seal.id,
        });
    return { location: this.witness.location, seals: relevant.length, heads: headCount };
  }
}
