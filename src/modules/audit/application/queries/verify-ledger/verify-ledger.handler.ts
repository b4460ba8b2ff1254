import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { LedgerReader } from '../ledger.reader';
import { LedgerVerifier } from '../../verification/ledger-verifier';
import { LedgerVerification } from './ledger-verification.read-model';
import { VerifyLedgerQuery } from './verify-ledger.query';

/**
 * Checks the ledger as stored against itself, the platform keys and the witness: every event
 * (hash, MAC, stream link), every seal (signature, chain, digest) and every witnessed seal and
 * append head, over a window of positions or the whole ledger.
 */
@QueryHandler(VerifyLedgerQuery)
export class VerifyLedgerHandler implements IQueryHandler<VerifyLedgerQuery> {
  constructor(
    private readonly ledger: LedgerReader,
    private readonly verifier: LedgerVerifier,
  ) {}

  async execute(query: VerifyLedgerQuery): Promise<LedgerVerification> {
    const fromPosition = query.fromPosition ?? '1';
    const toPosition = query.toPosition ?? (await this.ledger.maxPosition());
    const report = await this.verifier.verify(this.ledger, {
      fromPosition,
      toPosition,
      complete: query.fromPosition === null && query.toPosition === null,
    });
    const first = report.findings[0] ?? null;
    return {
      intact: first === null,
      checkedEvents: report.checkedEvents,
      checkedSeals: report.checkedSeals,
      fromPosition,
      toPosition,
      firstBrokenPosition: first?.position ?? null,
      reason: first?.reason ?? null,
      brokenSealId: first?.sealId ?? null,
      findings: report.findings,
      witness: report.witness,
    };
  }
}
