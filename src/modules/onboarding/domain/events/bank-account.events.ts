import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export type BankAccountType = 'checking' | 'savings';
export type BankVerificationMethod = 'micro-deposit' | 'instant' | 'manual';
export type BankVerificationStatus = 'pending' | 'verified' | 'failed';

/** Only the last four digits and the provider's ids ever exist; they are sealed in the ledger. */
export class BankAccountAddedEvent extends DomainEvent<{
  tenantId: string;
  contractorId: string;
  accountType: BankAccountType;
  last4: string | null;
  plaidItemId: string | null;
  plaidAccountId: string | null;
  verificationMethod: BankVerificationMethod;
  verificationStatus: 'pending';
}> {
  static readonly personalData = personalData<BankAccountAddedEvent>({
    fields: ['last4', 'plaidItemId', 'plaidAccountId'],
    subject: 'contractorId',
  });
  readonly type = 'onboarding.bank-account.added.v1';
}

/** Two amounts were deposited; the event never carries them, nor their hash. */
export class MicroDepositsSentEvent extends DomainEvent<{
  contractorId: string;
  sentAt: string;
  attempts: 0;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.bank-account.micro-deposits-sent.v1';
}

export class MicroDepositAttemptFailedEvent extends DomainEvent<{
  contractorId: string;
  attempts: number;
  lockedUntil: string | null;
  verificationStatus: BankVerificationStatus;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.bank-account.micro-deposit-attempt-failed.v1';
}

export class BankAccountVerifiedEvent extends DomainEvent<{
  contractorId: string;
  verificationMethod: BankVerificationMethod;
  verificationStatus: 'verified';
  verificationDate: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.bank-account.verified.v1';
}

export class BankAccountVerificationFailedEvent extends DomainEvent<{
  contractorId: string;
  verificationStatus: 'failed';
  reason: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.bank-account.verification-failed.v1';
}

export class BankAccountRemovedEvent extends DomainEvent<{ contractorId: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.bank-account.removed.v1';
}
