import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { SealVerificationRepository } from '../../../domain/seal-verification.repository';
import {
  IncrementalLedgerVerifier,
  IncrementalVerificationReport,
} from '../../verification/incremental-ledger-verifier';
import { LedgerReader } from '../ledger.reader';
import { LedgerVerifier } from '../../verification/ledger-verifier';
import { LedgerVerification } from './ledger-verification.read-model';
import { VerifyLedgerQuery } from './verify-ledger.query';

/**
 * Checks the ledger as stored against itself, the platform keys and the witness: every event
 * (hash, MAC, stream link), every seal (signature, chain, digest) and every witnessed seal and
 * append head, over a window of positions or the whole ledger. The whole ledger is checked
 * incrementally unless `full` is asked for (see `IncrementalLedgerVerifier`); a full walk that
 * finds a break forgets every verification record, so the incremental runs walk everything
 * again until the ledger is intact.
 */
@QueryHandler(VerifyLedgerQuery)
export class VerifyLedgerHandler implements IQueryHandler<VerifyLedgerQuery> {
  constructor(
    private readonly ledger: LedgerReader,
    private readonly verifier: LedgerVerifier,
    private readonly incremental: IncrementalLedgerVerifier,
    private readonly records: SealVerificationRepository,
  ) {}

  async execute(query: VerifyLedgerQuery): Promise<LedgerVerification> {
    const complete = query.fromPosition === null && query.toPosition === null;
    const fromPosition = query.fromPosition ?? '1';
    const toPosition = query.toPosition ?? (await this.ledger.maxPosition());
    const report: IncrementalVerificationReport & { mode: LedgerVerification['mode'] } =
      complete && !query.full
        ? { mode: 'incremental', ...(await this.incremental.verify(this.ledger, toPosition)) }
        : { mode: 'full', ...(await this.walk(fromPosition, toPosition, complete)) };
    const first = report.findings[0] ?? null;
    return {
      intact: first === null,
      mode: report.mode,
      checkedEvents: report.checkedEvents,
      eventsWalked: report.eventsWalked,
      checkedSeals: report.checkedSeals,
      previouslyVerifiedSeals: report.previouslyVerifiedSeals,
      fromPosition,
      toPosition,
      firstBrokenPosition: first?.position ?? null,
      reason: first?.reason ?? null,
      brokenSealId: first?.sealId ?? null,
      findings: report.findings,
      witness: report.witness,
    };
  }

  /** Every event of the window; a break found forgets every verification record. */
  private async walk(
    fromPosition: string,
    toPosition: string | null,
    complete: boolean,
  ): Promise<IncrementalVerificationReport> {
    const walked = await this.verifier.verify(this.ledger, { fromPosition, toPosition, complete });
    if (walked.findings.length > 0) await this.records.forgetAll();
    return { ...walked, eventsWalked: walked.checkedEvents, previouslyVerifiedSeals: 0 };
  }
}
