import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { eventHash } from '@opsledger/event-store';
import { COMMIT_ORDER_START, CommitCursor, compareCommitOrder } from '../../../domain/ledger-event';
import {
  earliestFinding,
  eventBreakOf,
  IntegrityBreak,
  IntegrityBreakReason,
  IntegrityFinding,
} from '../../../domain/ledger-integrity';
import { LedgerSeal } from '../../../domain/ledger-seal';
import { SealedEventRef } from '../../../domain/ledger-seal.repository';
import { SealDigest } from '../../../domain/seal-digest';
import { SealSigner } from '../../../domain/seal-signer.port';
import { LedgerReader, SealSpan } from '../ledger.reader';
import { LedgerVerification } from './ledger-verification.read-model';
import { VerifyLedgerQuery } from './verify-ledger.query';

const EVENT_BATCH = 500;
const SEAL_BATCH = 100;
const REF_BATCH = 2000;

interface PartialResult {
  checked: number;
  finding: IntegrityFinding | null;
}

/**
 * Two independent checks, each in bounded batches: every event against its own hash and its
 * stream predecessor (catches edits and gaps inside a stream), and every seal against the
 * events it covers (catches what the chains cannot: a whole stream removed, events reordered).
 */
@QueryHandler(VerifyLedgerQuery)
export class VerifyLedgerHandler implements IQueryHandler<VerifyLedgerQuery> {
  constructor(
    private readonly ledger: LedgerReader,
    private readonly signer: SealSigner,
  ) {}

  async execute(query: VerifyLedgerQuery): Promise<LedgerVerification> {
    const fromPosition = query.fromPosition ?? '1';
    const toPosition = query.toPosition ?? (await this.ledger.maxPosition());
    const events: PartialResult =
      toPosition === null
        ? { checked: 0, finding: null }
        : await this.checkEvents(fromPosition, toPosition);
    const span =
      query.fromPosition === null && query.toPosition === null
        ? await this.ledger.allSeals()
        : toPosition === null
          ? null
          : await this.ledger.sealsOverlapping(fromPosition, toPosition);
    const seals: PartialResult = span ? await this.checkSeals(span) : { checked: 0, finding: null };
    const finding = earliestFinding(events.finding, seals.finding);
    return {
      intact: finding === null,
      checkedEvents: events.checked,
      checkedSeals: seals.checked,
      fromPosition,
      toPosition,
      firstBrokenPosition: finding?.position ?? null,
      reason: finding?.reason ?? null,
      brokenSealId: finding?.sealId ?? null,
    };
  }

  /** Positions ascend, so the first break found is the lowest one. */
  private async checkEvents(fromPosition: string, toPosition: string): Promise<PartialResult> {
    let after = (BigInt(fromPosition) - 1n).toString();
    let checked = 0;
    for (;;) {
      const batch = await this.ledger.linkedEvents(after, toPosition, EVENT_BATCH);
      for (const { event, predecessorHash } of batch) {
        checked += 1;
        const reason = eventBreakOf({
          streamVersion: event.streamVersion,
          prevHash: event.prevHash,
          storedHash: event.hash,
          recomputedHash: eventHash(event),
          predecessorHash,
        });
        if (reason) return { checked, finding: { position: event.position, reason, sealId: null } };
      }
      if (batch.length < EVENT_BATCH) return { checked, finding: null };
      after = batch[batch.length - 1].event.position;
    }
  }

  private async checkSeals(span: SealSpan): Promise<PartialResult> {
    let previous = await this.ledger.sealBefore(span.first);
    let after: CommitCursor | null = previous?.to ?? null;
    let checked = 0;
    for (;;) {
      const seals = await this.ledger.sealsBetween(after, span.last.to, SEAL_BATCH);
      for (const seal of seals) {
        checked += 1;
        const reason = await this.sealBreakOf(seal, previous);
        if (reason)
          return { checked, finding: { position: seal.from.position, reason, sealId: seal.id } };
        previous = seal;
      }
      if (seals.length < SEAL_BATCH) return { checked, finding: null };
      after = seals[seals.length - 1].to;
    }
  }

  private async sealBreakOf(
    seal: LedgerSeal,
    previous: LedgerSeal | null,
  ): Promise<IntegrityBreakReason | null> {
    if (!(await this.signer.verify(seal.signature, seal.digest)))
      return IntegrityBreak.sealSignatureInvalid;
    if (seal.prevSealDigest !== (previous?.digest ?? null)) return IntegrityBreak.sealChainBroken;
    const digest = new SealDigest(seal.prevSealDigest);
    let cursor: CommitCursor = previous?.to ?? COMMIT_ORDER_START;
    let first: SealedEventRef | null = null;
    for (;;) {
      const refs = await this.ledger.eventRefs(cursor, seal.to, REF_BATCH);
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
}
