import { Injectable } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';
import { BankAccountRepository } from '../domain/bank-account.repository';
import { InsurancePolicyRepository } from '../domain/insurance-policy.repository';
import type {
  PayloadOutcome,
  VerificationNotice,
  WebhookProvider,
} from '../domain/verification-payload';
import type { LocatedSubject } from './verification-payloads.port';

/**
 * Applies what a provider said to the policy or bank account, through their aggregates (so
 * the change is in the ledger), idempotently: a subject already in the notified state is left
 * alone (`already-applied`), which is what makes a replay safe. Runs in the caller's unit of
 * work, in the subject's tenant.
 */
@Injectable()
export class VerificationNotices {
  constructor(
    private readonly policies: InsurancePolicyRepository,
    private readonly accounts: BankAccountRepository,
  ) {}

  async apply(
    provider: WebhookProvider,
    notice: VerificationNotice,
    located: LocatedSubject | null,
  ): Promise<PayloadOutcome> {
    if (!located) return 'unmatched';
    const reason = notice.reason ?? `Refused by ${provider}`;
    if (located.kind === 'insurance-policy') {
      if (provider === 'plaid') return 'unmatched';
      const policy = await this.policies.findById(located.tenantId, located.id);
      if (!policy || policy.snapshot.removed || policy.snapshot.provider !== provider)
        return 'unmatched';
      if (policy.snapshot.verificationStatus === notice.result) return 'already-applied';
      if (notice.result === 'verified') policy.markVerified(provider);
      else policy.markVerificationFailed(provider, reason);
      await this.policies.save(policy);
      return 'applied';
    }
    if (provider !== 'plaid') return 'unmatched';
    const account = await this.accounts.findById(located.tenantId, located.id);
    if (!account || account.snapshot.removed) return 'unmatched';
    if (account.snapshot.verificationStatus === notice.result) return 'already-applied';
    try {
      if (notice.result === 'verified') account.markVerified('instant');
      else account.markVerificationFailed(reason);
    } catch (error) {
      // a state the account refuses (e.g. verified meanwhile): nothing to apply
      if (error instanceof DomainError && error.kind === 'conflict') return 'ignored';
      throw error;
    }
    await this.accounts.save(account);
    return 'applied';
  }
}
