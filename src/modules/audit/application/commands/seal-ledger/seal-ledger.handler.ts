import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  LedgerMetrics,
  LedgerWitness,
  WitnessedHead,
  WitnessedSeal,
  WitnessMark,
} from '@opsledger/event-store';
import { randomUUID } from 'node:crypto';
import { COMMIT_ORDER_START, CommitCursor, compareCommitOrder } from '../../../domain/ledger-event';
import {
  IntegrityBreak,
  IntegrityFinding,
  MAX_FINDINGS,
  sortFindings,
} from '../../../domain/ledger-integrity';
import { LedgerSeal, MAX_EVENTS_PER_SEAL } from '../../../domain/ledger-seal';
import { LedgerSealRepository } from '../../../domain/ledger-seal.repository';
import { SealDigest } from '../../../domain/seal-digest';
import { SealSigner } from '../../../domain/seal-signer.port';
import { LedgerReader } from '../../queries/ledger.reader';
import {
  LedgerVerifier,
  sealDiffersFrom,
  sealOfWitnessed,
  witnessedSealOf,
} from '../../verification/ledger-verifier';
import { SealLedgerCommand, SealOutcome } from './seal-ledger.command';

const BATCH = 1000;

const toOf = (w: WitnessedSeal): CommitCursor => ({ txId: w.toTxId, position: w.toPosition });

/**
 * Extends the seal chain over every event committed since the last seal, in exactly the
 * commit order the projector reads, so a verifier replaying that order gets the same digest.
 *
 * It signs nothing it has not checked: the events to seal (hash, MAC, stream link), the seal
 * chain against the witness, and every append head the witness recorded up to the new seal's
 * end. A broken ledger is refused (metric, log, and an event in the ledger), never sealed.
 * The seal goes to the witness before its row commits; a seal witnessed but not committed
 * (a crash in between) is adopted by the next run once its digest checks out.
 */
@CommandHandler(SealLedgerCommand)
export class SealLedgerHandler implements ICommandHandler<SealLedgerCommand> {
  private readonly logger = new Logger(SealLedgerHandler.name);
  /** How far this process has read the witness, and what it found there. */
  private mark: WitnessMark | null = null;
  private readonly witnessed = new Map<string, WitnessedSeal>();
  /** Witnessed seals known to be in the database. */
  private readonly confirmed = new Set<string>();
  /** Witnessed heads not yet covered by a seal this process checked. */
  private pendingHeads: WitnessedHead[] = [];
  private lastRefusal: string | null = null;

  constructor(
    private readonly seals: LedgerSealRepository,
    private readonly ledger: LedgerReader,
    private readonly signer: SealSigner,
    private readonly verifier: LedgerVerifier,
    private readonly witness: LedgerWitness,
    private readonly metrics: LedgerMetrics,
  ) {}

  async execute(command: SealLedgerCommand): Promise<SealOutcome> {
    const outcome = await this.seals.withSealLock(command.wait, () => this.sealNext());
    return outcome.acquired
      ? outcome.value
      : { created: false, seal: null, busy: true, more: false, refused: null };
  }

  private async sealNext(): Promise<SealOutcome> {
    this.mark = await this.witness.scan(this.mark, (record) => {
      if (record.kind === 'seal') this.witnessed.set(record.seal.id, record.seal);
      else this.pendingHeads.push(...record.heads);
    });
    const previous = await this.seals.latest();
    const findings: IntegrityFinding[] = [];
    const adopt = await this.checkSealChain(previous, findings);

    const digest = new SealDigest(previous?.digest ?? null);
    let cursor: CommitCursor = previous?.to ?? COMMIT_ORDER_START;
    let first: CommitCursor | null = null;
    let last: CommitCursor | null = null;
    let more = false;
    for (;;) {
      const room = MAX_EVENTS_PER_SEAL - digest.eventCount;
      if (room === 0) {
        more = (await this.ledger.committedAfter(cursor, 1)).length > 0;
        break;
      }
      const want = Math.min(BATCH, room);
      const batch = await this.ledger.committedAfter(cursor, want);
      // a seal to adopt ends this one: what follows it is the next seal's
      const beyond = adopt
        ? batch.findIndex((linked) => compareCommitOrder(linked.event, toOf(adopt)) > 0)
        : -1;
      const stop = beyond >= 0;
      if (stop) more = true;
      await this.verifier.checkEach(stop ? batch.slice(0, beyond) : batch, (linked, reason) => {
        const { event } = linked;
        if (reason) findings.push({ position: event.position, reason, sealId: null });
        digest.add(event.position, event.hash);
        first ??= { txId: event.txId, position: event.position };
        last = { txId: event.txId, position: event.position };
      });
      if (stop || batch.length < want) break;
      cursor = batch[batch.length - 1].event;
    }

    // every witnessed head up to the end of what would be sealed must be in the database
    const end = last ?? previous?.to ?? null;
    const due = end
      ? this.pendingHeads.filter((h) => compareCommitOrder(h, end) <= 0)
      : ([] as WitnessedHead[]);
    findings.push(...(await this.verifier.headFindings(this.ledger, due)));
    if (adopt && (digest.eventCount !== adopt.eventCount || digest.finish() !== adopt.digest))
      findings.push({
        position: adopt.fromPosition,
        reason: IntegrityBreak.sealMissing,
        sealId: adopt.id,
      });
    if (findings.length > 0) return this.refuse(previous, findings);

    let seal: LedgerSeal;
    if (adopt) {
      seal = sealOfWitnessed(adopt);
      this.logger.warn(`adopting seal ${adopt.id}: witnessed, but its row was never committed`);
    } else {
      if (!first || !last) {
        this.pendingHeads = this.pendingHeads.filter((h) => !due.includes(h));
        this.metrics.sealAttempt(false);
        this.lastRefusal = null;
        return { created: false, seal: previous, busy: false, more: false, refused: null };
      }
      const value = digest.finish();
      const { signature, keyId } = await this.signer.sign(value);
      seal = {
        id: randomUUID(),
        from: first,
        to: last,
        eventCount: digest.eventCount,
        digest: value,
        prevSealDigest: previous?.digest ?? null,
        signature,
        keyId,
        createdAt: new Date(),
      };
      // witnessed first: a seal in the database is always in the witness
      await this.witness.append({
        kind: 'seal',
        at: new Date().toISOString(),
        seal: witnessedSealOf(seal),
      });
      this.witnessed.set(seal.id, witnessedSealOf(seal));
    }
    await this.seals.add(seal);
    this.confirmed.add(seal.id);
    this.pendingHeads = this.pendingHeads.filter((h) => compareCommitOrder(h, seal.to) > 0);
    this.metrics.sealAttempt(false);
    this.lastRefusal = null;
    return { created: true, seal, busy: false, more, refused: null };
  }

  /**
   * The database's seal chain against the witness: its newest seal must be witnessed as is,
   * no witnessed seal may be missing from it, and a witnessed seal beyond its newest is only
   * acceptable as the next link (returned, to be adopted if its events check out).
   */
  private async checkSealChain(
    previous: LedgerSeal | null,
    findings: IntegrityFinding[],
  ): Promise<WitnessedSeal | null> {
    if (previous) {
      const copy = this.witnessed.get(previous.id);
      if (!copy)
        findings.push({
          position: previous.from.position,
          reason: IntegrityBreak.sealNotWitnessed,
          sealId: previous.id,
        });
      else if (sealDiffersFrom(previous, copy))
        findings.push({
          position: previous.from.position,
          reason: IntegrityBreak.sealDiffersFromWitness,
          sealId: previous.id,
        });
    }
    const beyond: WitnessedSeal[] = [];
    const unconfirmed: WitnessedSeal[] = [];
    for (const w of this.witnessed.values()) {
      if (!previous || compareCommitOrder(toOf(w), previous.to) > 0) beyond.push(w);
      else if (!this.confirmed.has(w.id)) unconfirmed.push(w);
    }
    if (unconfirmed.length > 0) {
      const stored = new Set(
        (await this.ledger.sealsById(unconfirmed.map((w) => w.id))).map((s) => s.id),
      );
      for (const w of unconfirmed) {
        if (stored.has(w.id)) this.confirmed.add(w.id);
        else
          findings.push({
            position: w.fromPosition,
            reason: IntegrityBreak.sealMissing,
            sealId: w.id,
          });
      }
    }
    const next = beyond.length === 1 ? beyond[0] : null;
    if (next && next.prevSealDigest === (previous?.digest ?? null)) return next;
    for (const w of beyond)
      findings.push({ position: w.fromPosition, reason: IntegrityBreak.sealMissing, sealId: w.id });
    return null;
  }

  private async refuse(
    previous: LedgerSeal | null,
    found: IntegrityFinding[],
  ): Promise<SealOutcome> {
    const findings = sortFindings(found).slice(0, MAX_FINDINGS);
    this.metrics.sealAttempt(true);
    this.logger.error(
      { findings: findings.slice(0, 10), findingCount: found.length },
      'refusing to seal: the ledger failed verification',
    );
    const signature = JSON.stringify([findings[0], found.length]);
    if (signature !== this.lastRefusal) {
      await this.seals.recordRefusal(findings);
      this.lastRefusal = signature;
    }
    return { created: false, seal: previous, busy: false, more: false, refused: findings };
  }
}
