import { Injectable } from '@nestjs/common';
import { LedgerMac, WitnessedHead } from '@opsledger/event-store';
import { COMMIT_ORDER_START, CommitCursor, compareCommitOrder } from '../../domain/ledger-event';
import {
  IntegrityBreak,
  IntegrityFinding,
  MAX_FINDINGS,
  sortFindings,
} from '../../domain/ledger-integrity';
import { LedgerSeal } from '../../domain/ledger-seal';
import { SealDigest } from '../../domain/seal-digest';
import {
  RowsFingerprint,
  SEAL_VERIFICATION_PURPOSE,
  SealVerification,
  sealVerificationFields,
} from '../../domain/seal-verification';
import { SealVerificationRepository } from '../../domain/seal-verification.repository';
import { LedgerReader, SealRange, SealRangeSummary } from '../queries/ledger.reader';
import { LedgerVerifier, VerificationReport } from './ledger-verifier';

const EVENT_BATCH = 500;
const SEAL_BATCH = 100;
/** Findings kept in memory while checking; the report shows the first MAX_FINDINGS by position. */
const KEPT_FINDINGS = 10_000;

export interface IncrementalVerificationReport extends VerificationReport {
  /** Events whose hash, MAC and stream link this run recomputed. */
  eventsWalked: number;
  /** Seals accepted on the record of an earlier walk (their events not walked again). */
  previouslyVerifiedSeals: number;
}

/** A commit-order range (after, to] that a verification record vouched for in this run. */
interface CoveredRange {
  after: CommitCursor;
  to: CommitCursor;
}

interface SealWalk {
  walked: number;
  intact: boolean;
  rowsFingerprint: string;
}

/**
 * The default verification of the whole ledger. Every seal's signature and chain link is
 * checked, every witnessed seal is compared with the database, and every event the seals do
 * not vouch for is walked (hash, MAC, stream link): the events after the newest seal and those
 * of every seal without a valid verification record.
 *
 * A seal with a record (MAC valid, same seal digest) is not walked: one statement per batch of
 * seals recomputes, from the stored rows, its event count, first event, digest over the stored
 * hashes and the fingerprint of the rows' versions, which must all match. So an event changed,
 * removed, inserted or moved inside it, a hash replaced, or any row rewritten through SQL (even
 * keeping its hash) sends the seal back to a full walk, which reports the break at its exact
 * position. What only the full walk (`?full=true`) finds: content changed in the data files
 * behind PostgreSQL's back, keeping the row's hash and version.
 *
 * Records are written only by a run that found nothing at all, for the seals it walked.
 */
@Injectable()
export class IncrementalLedgerVerifier {
  constructor(
    private readonly verifier: LedgerVerifier,
    private readonly mac: LedgerMac,
    private readonly records: SealVerificationRepository,
  ) {}

  async verify(
    ledger: LedgerReader,
    toPosition: string | null,
  ): Promise<IncrementalVerificationReport> {
    const findings: IntegrityFinding[] = [];
    const note = (f: IntegrityFinding) => {
      if (findings.length < KEPT_FINDINGS) findings.push(f);
    };
    const sealed = new Map<string, LedgerSeal>();
    const covered: CoveredRange[] = [];
    const fresh: SealVerification[] = [];
    let walked = 0;
    let coveredEvents = 0;
    let previous: LedgerSeal | null = null;

    const span = await ledger.allSeals();
    for (let more = span !== null; more;) {
      const seals = await ledger.sealsBetween(previous?.to ?? null, span!.last.to, SEAL_BATCH);
      const trusted = await this.trustedRecords(seals, note);
      const summaries = await this.summaries(ledger, seals, previous, trusted);
      for (const seal of seals) {
        sealed.set(seal.id, seal);
        const after = previous?.to ?? COMMIT_ORDER_START;
        const link = await this.verifier.sealLinkBreakOf(seal, previous);
        if (link) note({ position: seal.from.position, reason: link, sealId: seal.id });
        const record = trusted.get(seal.id);
        const summary = summaries.get(seal.id);
        if (!link && record && summary && vouches(seal, record, summary)) {
          coveredEvents += summary.eventCount;
          covered.push({ after, to: seal.to });
        } else {
          const result = await this.walkSeal(ledger, seal, after, note);
          walked += result.walked;
          if (!link && result.intact) fresh.push(this.recordOf(seal, result));
        }
        previous = seal;
      }
      more = seals.length === SEAL_BATCH;
    }
    if (toPosition !== null)
      walked += await this.walkTail(ledger, previous?.to ?? COMMIT_ORDER_START, toPosition, note);

    const witness = await this.verifier.checkWitness(
      ledger,
      { fromPosition: '1', toPosition, complete: true },
      sealed,
      note,
      (head) => isCovered(covered, head),
    );
    if (findings.length === 0 && fresh.length > 0) await this.records.record(fresh);
    return {
      checkedEvents: walked + coveredEvents,
      checkedSeals: sealed.size,
      eventsWalked: walked,
      previouslyVerifiedSeals: covered.length,
      witness,
      findings: sortFindings(findings).slice(0, MAX_FINDINGS),
    };
  }

  /** The records of these seals that hold: MAC valid, written for the seal's digest. */
  private async trustedRecords(
    seals: readonly LedgerSeal[],
    note: (f: IntegrityFinding) => void,
  ): Promise<Map<string, SealVerification>> {
    const trusted = new Map<string, SealVerification>();
    if (seals.length === 0) return trusted;
    const byId = new Map(seals.map((s) => [s.id, s]));
    for (const record of await this.records.forSeals(seals.map((s) => s.id))) {
      const seal = byId.get(record.sealId);
      if (!seal) continue;
      const check = this.mac.checkRecord(
        SEAL_VERIFICATION_PURPOSE,
        sealVerificationFields(record),
        record.mac,
        record.macKeyId,
      );
      // a record under a key no longer held is only forgotten: the seal is walked again
      if (check === 'mismatch' || check === 'missing')
        note({
          position: seal.from.position,
          reason: IntegrityBreak.verificationRecordInvalid,
          sealId: seal.id,
        });
      else if (check === 'valid' && record.sealDigest === seal.digest) trusted.set(seal.id, record);
    }
    return trusted;
  }

  private async summaries(
    ledger: LedgerReader,
    seals: readonly LedgerSeal[],
    previous: LedgerSeal | null,
    trusted: Map<string, SealVerification>,
  ): Promise<Map<string, SealRangeSummary>> {
    const ranges: SealRange[] = [];
    let before = previous;
    for (const seal of seals) {
      if (trusted.has(seal.id))
        ranges.push({
          sealId: seal.id,
          after: before?.to ?? COMMIT_ORDER_START,
          to: seal.to,
          prevSealDigest: seal.prevSealDigest,
        });
      before = seal;
    }
    return new Map((await ledger.summariseSealRanges(ranges)).map((s) => [s.sealId, s]));
  }

  /** Walks a seal's range event by event, and checks its digest, count and first event. */
  private async walkSeal(
    ledger: LedgerReader,
    seal: LedgerSeal,
    after: CommitCursor,
    note: (f: IntegrityFinding) => void,
  ): Promise<SealWalk> {
    const digest = new SealDigest(seal.prevSealDigest);
    const rows = new RowsFingerprint();
    let first: CommitCursor | null = null;
    let intact = true;
    let cursor = after;
    for (;;) {
      const batch = await ledger.walk(cursor, seal.to, null, EVENT_BATCH);
      await this.verifier.checkEach(batch, (linked, reason) => {
        if (reason) {
          intact = false;
          note({ position: linked.event.position, reason, sealId: null });
        }
        digest.add(linked.event.position, linked.event.hash);
        rows.add(linked.rowVersion);
        first ??= linked.event;
      });
      if (batch.length < EVENT_BATCH) break;
      cursor = batch[batch.length - 1].event;
    }
    const count = digest.eventCount;
    const sealBreak =
      digest.finish() !== seal.digest
        ? IntegrityBreak.sealDigestMismatch
        : count !== seal.eventCount || !first || compareCommitOrder(first, seal.from) !== 0
          ? IntegrityBreak.sealRangeMismatch
          : null;
    if (sealBreak) {
      intact = false;
      note({ position: seal.from.position, reason: sealBreak, sealId: seal.id });
    }
    return { walked: count, intact, rowsFingerprint: rows.finish() };
  }

  /** Walks every event after the newest seal, up to `toPosition`. */
  private async walkTail(
    ledger: LedgerReader,
    after: CommitCursor,
    toPosition: string,
    note: (f: IntegrityFinding) => void,
  ): Promise<number> {
    let walked = 0;
    let cursor = after;
    for (;;) {
      const batch = await ledger.walk(cursor, null, toPosition, EVENT_BATCH);
      walked += batch.length;
      await this.verifier.checkEach(batch, (linked, reason) => {
        if (reason) note({ position: linked.event.position, reason, sealId: null });
      });
      if (batch.length < EVENT_BATCH) return walked;
      cursor = batch[batch.length - 1].event;
    }
  }

  private recordOf(seal: LedgerSeal, walk: SealWalk): SealVerification {
    const unsigned = {
      sealId: seal.id,
      sealDigest: seal.digest,
      eventCount: seal.eventCount,
      rowsFingerprint: walk.rowsFingerprint,
      verifiedAt: new Date(),
    };
    const { mac, keyId } = this.mac.signRecord(
      SEAL_VERIFICATION_PURPOSE,
      sealVerificationFields(unsigned),
    );
    return { ...unsigned, mac, macKeyId: keyId };
  }
}

/** The record and the stored range agree with the seal: nothing in it changed since the walk. */
function vouches(seal: LedgerSeal, record: SealVerification, summary: SealRangeSummary): boolean {
  return (
    record.eventCount === seal.eventCount &&
    summary.eventCount === seal.eventCount &&
    summary.digest === seal.digest &&
    summary.rowsFingerprint === record.rowsFingerprint &&
    summary.first !== null &&
    compareCommitOrder(summary.first, seal.from) === 0
  );
}

/** Whether a witnessed head falls in a range a record vouched for (ranges in commit order). */
function isCovered(ranges: readonly CoveredRange[], head: WitnessedHead): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const range = ranges[mid];
    if (compareCommitOrder(head, range.to) > 0) low = mid + 1;
    else if (compareCommitOrder(head, range.after) <= 0) high = mid - 1;
    else return true;
  }
  return false;
}
