import { AggregateRoot } from '@opsledger/ddd';
import {
  CoverageType,
  InsurancePolicyAddedEvent,
  InsurancePolicyChangedEvent,
  InsurancePolicyExpiredEvent,
  InsurancePolicyExpiringEvent,
  InsurancePolicyRemovedEvent,
  InsurancePolicyVerificationFailedEvent,
  InsurancePolicyVerifiedEvent,
  InsuranceProvider,
  PolicyVerificationStatus,
} from './events/compliance-item.events';
import { InvalidOnboardingFieldError } from './onboarding.errors';
import { calendarDate, daysBetween, dayOf, requiredText } from './onboarding-text';

export const COVERAGE_TYPES: readonly CoverageType[] = ['gl', 'wc', 'auto', 'umbrella'];
export const INSURANCE_PROVIDERS: readonly InsuranceProvider[] = [
  'trustlayer',
  'veriforce',
  'manual',
];

export interface InsurancePolicyState {
  tenantId: string;
  contractorId: string;
  provider: InsuranceProvider;
  policyNumber: string;
  coverageTypes: CoverageType[];
  expirationDate: string;
  verificationStatus: PolicyVerificationStatus;
  additionalInsured: boolean;
  lastCheckedAt: Date | null;
  expiredAt: Date | null;
  expiryNoticeFor: string | null;
  removed: boolean;
}

function coverage(types: readonly string[]): CoverageType[] {
  const unique = [...new Set(types)];
  if (unique.length === 0)
    throw new InvalidOnboardingFieldError('coverageTypes', 'coverageTypes must name a coverage');
  for (const t of unique)
    if (!COVERAGE_TYPES.includes(t as CoverageType))
      throw new InvalidOnboardingFieldError(
        'coverageTypes',
        `coverageTypes must be among ${COVERAGE_TYPES.join(', ')}`,
      );
  return unique as CoverageType[];
}

/**
 * An insurance policy of a contractor (spec 000 `insurance_policy`). Verified by its provider
 * (a webhook) or by a reviewer (`manual`); a policy past its expiration date is expired
 * (`expired_at`) whatever its verification said.
 */
export class InsurancePolicy extends AggregateRoot {
  readonly streamType = 'onboarding-insurance-policy';

  private constructor(
    id: string,
    version: number,
    private s: InsurancePolicyState,
  ) {
    super(id, version);
  }

  static add(props: {
    id: string;
    tenantId: string;
    contractorId: string;
    provider: InsuranceProvider;
    policyNumber: string;
    coverageTypes: readonly string[];
    expirationDate: string;
    additionalInsured?: boolean;
  }): InsurancePolicy {
    if (!INSURANCE_PROVIDERS.includes(props.provider))
      throw new InvalidOnboardingFieldError(
        'provider',
        'provider must be trustlayer, veriforce or manual',
      );
    const policyNumber = requiredText(props.policyNumber, 'policyNumber', 100);
    const coverageTypes = coverage(props.coverageTypes);
    const expirationDate = calendarDate(props.expirationDate, 'expirationDate');
    const additionalInsured = props.additionalInsured ?? false;
    const policy = new InsurancePolicy(props.id, 0, {
      tenantId: props.tenantId,
      contractorId: props.contractorId,
      provider: props.provider,
      policyNumber,
      coverageTypes,
      expirationDate,
      verificationStatus: 'pending',
      additionalInsured,
      lastCheckedAt: null,
      expiredAt: null,
      expiryNoticeFor: null,
      removed: false,
    });
    policy.record(
      new InsurancePolicyAddedEvent(props.id, {
        tenantId: props.tenantId,
        contractorId: props.contractorId,
        provider: props.provider,
        policyNumber,
        coverageTypes,
        expirationDate,
        additionalInsured,
        verificationStatus: 'pending',
      }),
    );
    return policy;
  }

  static rehydrate(id: string, version: number, state: InsurancePolicyState): InsurancePolicy {
    return new InsurancePolicy(id, version, { ...state, coverageTypes: [...state.coverageTypes] });
  }

  get snapshot(): Readonly<InsurancePolicyState> {
    return this.s;
  }

  get isExpired(): boolean {
    return this.s.expiredAt !== null;
  }

  /** New coverage or dates: the policy must be verified again. */
  change(props: {
    coverageTypes?: readonly string[];
    expirationDate?: string;
    additionalInsured?: boolean;
  }): void {
    const coverageTypes =
      props.coverageTypes === undefined ? this.s.coverageTypes : coverage(props.coverageTypes);
    const expirationDate =
      props.expirationDate === undefined
        ? this.s.expirationDate
        : calendarDate(props.expirationDate, 'expirationDate');
    const additionalInsured = props.additionalInsured ?? this.s.additionalInsured;
    const previous = {
      coverageTypes: this.s.coverageTypes,
      expirationDate: this.s.expirationDate,
      additionalInsured: this.s.additionalInsured,
      verificationStatus: this.s.verificationStatus,
    };
    const renewed = expirationDate !== this.s.expirationDate;
    this.s = {
      ...this.s,
      coverageTypes,
      expirationDate,
      additionalInsured,
      verificationStatus: 'pending',
      expiredAt: renewed ? null : this.s.expiredAt,
    };
    this.record(
      new InsurancePolicyChangedEvent(
        this.id,
        {
          contractorId: this.s.contractorId,
          coverageTypes,
          expirationDate,
          additionalInsured,
          verificationStatus: 'pending',
        },
        previous,
      ),
    );
  }

  /** The provider (or a reviewer for `manual`) confirmed the policy. */
  markVerified(provider: InsuranceProvider, now = new Date()): void {
    const previous = { verificationStatus: this.s.verificationStatus };
    this.s = { ...this.s, verificationStatus: 'verified', lastCheckedAt: now };
    this.record(
      new InsurancePolicyVerifiedEvent(
        this.id,
        {
          contractorId: this.s.contractorId,
          provider,
          verificationStatus: 'verified',
          checkedAt: now.toISOString(),
        },
        previous,
      ),
    );
  }

  markVerificationFailed(provider: InsuranceProvider, reason: string, now = new Date()): void {
    const why = requiredText(reason, 'reason', 1000);
    const previous = { verificationStatus: this.s.verificationStatus };
    this.s = { ...this.s, verificationStatus: 'failed', lastCheckedAt: now };
    this.record(
      new InsurancePolicyVerificationFailedEvent(
        this.id,
        {
          contractorId: this.s.contractorId,
          provider,
          verificationStatus: 'failed',
          checkedAt: now.toISOString(),
          reason: why,
        },
        previous,
      ),
    );
  }

  expireIfDue(now: Date): boolean {
    if (this.s.expiredAt !== null || this.s.expirationDate >= dayOf(now)) return false;
    this.s = { ...this.s, expiredAt: now };
    this.record(
      new InsurancePolicyExpiredEvent(
        this.id,
        {
          contractorId: this.s.contractorId,
          expirationDate: this.s.expirationDate,
          expiredAt: now.toISOString(),
        },
        { expiredAt: null },
      ),
    );
    return true;
  }

  announceExpiryIfDue(now: Date, withinDays: number): boolean {
    const date = this.s.expirationDate;
    if (this.s.expiredAt !== null || this.s.expiryNoticeFor === date) return false;
    const daysLeft = daysBetween(dayOf(now), date);
    if (daysLeft < 0 || daysLeft > withinDays) return false;
    this.s = { ...this.s, expiryNoticeFor: date };
    this.record(
      new InsurancePolicyExpiringEvent(this.id, {
        contractorId: this.s.contractorId,
        expirationDate: date,
        daysLeft,
      }),
    );
    return true;
  }

  remove(): void {
    const previous = {
      provider: this.s.provider,
      coverageTypes: this.s.coverageTypes,
      expirationDate: this.s.expirationDate,
      verificationStatus: this.s.verificationStatus,
    };
    this.s = { ...this.s, removed: true };
    this.record(
      new InsurancePolicyRemovedEvent(this.id, { contractorId: this.s.contractorId }, previous),
    );
  }
}
