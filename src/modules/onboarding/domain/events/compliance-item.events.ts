import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

/** Events of licenses and insurance policies: the numbers are sealed under the contractor's key. */

export type CoverageType = 'gl' | 'wc' | 'auto' | 'umbrella';
export type InsuranceProvider = 'trustlayer' | 'veriforce' | 'manual';
export type PolicyVerificationStatus = 'pending' | 'verified' | 'failed';
export type LicenseStatus = 'unverified' | 'verified' | 'expired';

export class LicenseAddedEvent extends DomainEvent<{
  tenantId: string;
  contractorId: string;
  state: string;
  licenseNumber: string;
  licenseType: string | null;
  expirationDate: string | null;
  status: 'unverified';
}> {
  static readonly personalData = personalData<LicenseAddedEvent>({
    fields: ['licenseNumber'],
    subject: 'contractorId',
    notPersonal: ['state'],
  });
  readonly type = 'onboarding.license.added.v1';
}

export class LicenseChangedEvent extends DomainEvent<{
  contractorId: string;
  licenseType: string | null;
  expirationDate: string | null;
  status: LicenseStatus;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.license.changed.v1';
}

export class LicenseVerifiedEvent extends DomainEvent<{
  contractorId: string;
  status: 'verified';
  verifiedAt: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.license.verified.v1';
}

export class LicenseExpiredEvent extends DomainEvent<{
  contractorId: string;
  status: 'expired';
  expirationDate: string;
  expiredAt: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.license.expired.v1';
}

export class LicenseExpiringEvent extends DomainEvent<{
  contractorId: string;
  expirationDate: string;
  daysLeft: number;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.license.expiring.v1';
}

export class LicenseRemovedEvent extends DomainEvent<{ contractorId: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.license.removed.v1';
}

export class InsurancePolicyAddedEvent extends DomainEvent<{
  tenantId: string;
  contractorId: string;
  provider: InsuranceProvider;
  policyNumber: string;
  coverageTypes: CoverageType[];
  expirationDate: string;
  additionalInsured: boolean;
  verificationStatus: 'pending';
}> {
  static readonly personalData = personalData<InsurancePolicyAddedEvent>({
    fields: ['policyNumber'],
    subject: 'contractorId',
  });
  readonly type = 'onboarding.insurance-policy.added.v1';
}

export class InsurancePolicyChangedEvent extends DomainEvent<{
  contractorId: string;
  coverageTypes: CoverageType[];
  expirationDate: string;
  additionalInsured: boolean;
  verificationStatus: PolicyVerificationStatus;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.insurance-policy.changed.v1';
}

/** A provider (or a reviewer, `manual`) confirmed or refused the policy. */
export class InsurancePolicyVerifiedEvent extends DomainEvent<{
  contractorId: string;
  provider: InsuranceProvider;
  verificationStatus: 'verified';
  checkedAt: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.insurance-policy.verified.v1';
}

export class InsurancePolicyVerificationFailedEvent extends DomainEvent<{
  contractorId: string;
  provider: InsuranceProvider;
  verificationStatus: 'failed';
  checkedAt: string;
  reason: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.insurance-policy.verification-failed.v1';
}

export class InsurancePolicyExpiredEvent extends DomainEvent<{
  contractorId: string;
  expirationDate: string;
  expiredAt: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.insurance-policy.expired.v1';
}

export class InsurancePolicyExpiringEvent extends DomainEvent<{
  contractorId: string;
  expirationDate: string;
  daysLeft: number;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.insurance-policy.expiring.v1';
}

export class InsurancePolicyRemovedEvent extends DomainEvent<{ contractorId: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.insurance-policy.removed.v1';
}
