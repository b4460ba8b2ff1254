import { AggregateRoot } from '@opsledger/ddd';
import {
  BankAccountAddedEvent,
  BankAccountRemovedEvent,
  BankAccountType,
  BankAccountVerificationFailedEvent,
  BankAccountVerifiedEvent,
  BankVerificationMethod,
  BankVerificationStatus,
  MicroDepositAttemptFailedEvent,
  MicroDepositsSentEvent,
} from './events/bank-account.events';
import {
  BankAccountNotPendingError,
  InvalidOnboardingFieldError,
  MicroDepositsLockedError,
  MicroDepositsNotSentError,
} from './onboarding.errors';
import { optionalText, requiredText } from './onboarding-text';

export const BANK_ACCOUNT_TYPES: readonly BankAccountType[] = ['checking', 'savings'];
export const BANK_VERIFICATION_METHODS: readonly BankVerificationMethod[] = [
  'micro-deposit',
  'instant',
  'manual',
];
/** Three wrong micro-deposit confirmations lock the account for a day. */
export const MICRO_DEPOSIT_MAX_ATTEMPTS = 3;
export const MICRO_DEPOSIT_LOCK_MS = 24 * 60 * 60 * 1000;

export interface BankAccountState {
  tenantId: string;
  contractorId: string;
  accountType: BankAccountType;
  plaidItemId: string | null;
  plaidAccountId: string | null;
  last4: string | null;
  verificationMethod: BankVerificationMethod;
  verificationStatus: BankVerificationStatus;
  verificationDate: Date | null;
  /** Keyed hash of the two amounts sent (never the amounts). */
  microDepositHash: string | null;
  microDepositSentAt: Date | null;
  microDepositAttempts: number;
  microDepositLockedUntil: Date | null;
  removed: boolean;
}

const LAST4 = /^[0-9]{4}$/;

/**
 * A contractor's bank account (spec 000 `bank_account`): never a full account or routing
 * number, only the last four digits and the provider's item and account ids.
 */
export class BankAccount extends AggregateRoot {
  readonly streamType = 'onboarding-bank-account';

  private constructor(
    id: string,
    version: number,
    private s: BankAccountState,
  ) {
    super(id, version);
  }

  static add(props: {
    id: string;
    tenantId: string;
    contractorId: string;
    accountType: BankAccountType;
    verificationMethod: BankVerificationMethod;
    last4?: string | null;
    plaidItemId?: string | null;
    plaidAccountId?: string | null;
  }): BankAccount {
    if (!BANK_ACCOUNT_TYPES.includes(props.accountType))
      throw new InvalidOnboardingFieldError(
        'accountType',
        'accountType must be checking or savings',
      );
    if (!BANK_VERIFICATION_METHODS.includes(props.verificationMethod))
      throw new InvalidOnboardingFieldError(
        'verificationMethod',
        'verificationMethod must be micro-deposit, instant or manual',
      );
    const last4 = optionalText(props.last4, 'last4', 4);
    if (last4 !== null && !LAST4.test(last4))
      throw new InvalidOnboardingFieldError('last4', 'last4 must be exactly four digits');
    const plaidItemId = optionalText(props.plaidItemId, 'plaidItemId', 200);
    const plaidAccountId = optionalText(props.plaidAccountId, 'plaidAccountId', 200);
    if (last4 === null && plaidAccountId === null)
      throw new InvalidOnboardingFieldError(
        'last4',
        'last4 (or a provider account id) identifies the account',
      );
    const account = new BankAccount(props.id, 0, {
      tenantId: props.tenantId,
      contractorId: props.contractorId,
      accountType: props.accountType,
      plaidItemId,
      plaidAccountId,
      last4,
      verificationMethod: props.verificationMethod,
      verificationStatus: 'pending',
      verificationDate: null,
      microDepositHash: null,
      microDepositSentAt: null,
      microDepositAttempts: 0,
      microDepositLockedUntil: null,
      removed: false,
    });
    account.record(
      new BankAccountAddedEvent(props.id, {
        tenantId: props.tenantId,
        contractorId: props.contractorId,
        accountType: props.accountType,
        last4,
        plaidItemId,
        plaidAccountId,
        verificationMethod: props.verificationMethod,
        verificationStatus: 'pending',
      }),
    );
    return account;
  }

  static rehydrate(id: string, version: number, state: BankAccountState): BankAccount {
    return new BankAccount(id, version, { ...state });
  }

  get snapshot(): Readonly<BankAccountState> {
    return this.s;
  }

  isLocked(now: Date): boolean {
    return this.s.microDepositLockedUntil !== null && this.s.microDepositLockedUntil > now;
  }

  /**
   * Two amounts were sent; only their keyed hash is kept. Sending again (after a lock ran out)
   * starts over: attempts reset, the account is pending again.
   */
  sendMicroDeposits(amountsHash: string, now = new Date()): void {
    if (this.s.verificationStatus === 'verified')
      throw new BankAccountNotPendingError(this.s.verificationStatus);
    if (this.isLocked(now)) throw new MicroDepositsLockedError(this.s.microDepositLockedUntil!);
    const previous = {
      verificationStatus: this.s.verificationStatus,
      verificationMethod: this.s.verificationMethod,
      attempts: this.s.microDepositAttempts,
    };
    this.s = {
      ...this.s,
      verificationMethod: 'micro-deposit',
      verificationStatus: 'pending',
      microDepositHash: requiredText(amountsHash, 'amountsHash', 200),
      microDepositSentAt: now,
      microDepositAttempts: 0,
      microDepositLockedUntil: null,
    };
    this.record(
      new MicroDepositsSentEvent(
        this.id,
        { contractorId: this.s.contractorId, sentAt: now.toISOString(), attempts: 0 },
        previous,
      ),
    );
  }

  /**
   * The contractor typed the amounts; `matches` says whether their keyed hash equals the stored
   * one. A match verifies the account; the third wrong try fails it and locks it for a day.
   */
  confirmMicroDeposits(matches: boolean, now = new Date()): boolean {
    if (this.s.microDepositHash === null || this.s.verificationStatus === 'verified')
      throw new MicroDepositsNotSentError();
    if (this.isLocked(now)) throw new MicroDepositsLockedError(this.s.microDepositLockedUntil!);
    if (this.s.verificationStatus !== 'pending')
      throw new BankAccountNotPendingError(this.s.verificationStatus);
    if (matches) {
      this.markVerified('micro-deposit', now);
      return true;
    }
    const attempts = this.s.microDepositAttempts + 1;
    const locked = attempts >= MICRO_DEPOSIT_MAX_ATTEMPTS;
    const lockedUntil = locked ? new Date(now.getTime() + MICRO_DEPOSIT_LOCK_MS) : null;
    const previous = {
      attempts: this.s.microDepositAttempts,
      verificationStatus: this.s.verificationStatus,
    };
    this.s = {
      ...this.s,
      microDepositAttempts: attempts,
      microDepositLockedUntil: lockedUntil,
      verificationStatus: locked ? 'failed' : 'pending',
    };
    this.record(
      new MicroDepositAttemptFailedEvent(
        this.id,
        {
          contractorId: this.s.contractorId,
          attempts,
          lockedUntil: lockedUntil?.toISOString() ?? null,
          verificationStatus: this.s.verificationStatus,
        },
        previous,
      ),
    );
    return false;
  }

  /** Instant (provider) or manual verification, or the micro-deposit match. */
  markVerified(method: BankVerificationMethod, now = new Date()): void {
    if (this.s.verificationStatus === 'verified')
      throw new BankAccountNotPendingError(this.s.verificationStatus);
    const previous = {
      verificationStatus: this.s.verificationStatus,
      verificationMethod: this.s.verificationMethod,
    };
    this.s = {
      ...this.s,
      verificationMethod: method,
      verificationStatus: 'verified',
      verificationDate: now,
      microDepositHash: null,
      microDepositLockedUntil: null,
    };
    this.record(
      new BankAccountVerifiedEvent(
        this.id,
        {
          contractorId: this.s.contractorId,
          verificationMethod: method,
          verificationStatus: 'verified',
          verificationDate: now.toISOString(),
        },
        previous,
      ),
    );
  }

  markVerificationFailed(reason: string): void {
    const why = requiredText(reason, 'reason', 1000);
    const previous = { verificationStatus: this.s.verificationStatus };
    this.s = { ...this.s, verificationStatus: 'failed' };
    this.record(
      new BankAccountVerificationFailedEvent(
        this.id,
        { contractorId: this.s.contractorId, verificationStatus: 'failed', reason: why },
        previous,
      ),
    );
  }

  remove(): void {
    const previous = {
      accountType: this.s.accountType,
      verificationMethod: this.s.verificationMethod,
      verificationStatus: this.s.verificationStatus,
    };
    this.s = { ...this.s, removed: true };
    this.record(
      new BankAccountRemovedEvent(this.id, { contractorId: this.s.contractorId }, previous),
    );
  }
}
