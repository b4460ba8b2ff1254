import { BankAccount, MICRO_DEPOSIT_LOCK_MS } from './bank-account.aggregate';
import { InsurancePolicy } from './insurance-policy.aggregate';
import { License } from './license.aggregate';
import {
  InvalidOnboardingFieldError,
  MicroDepositsLockedError,
  MicroDepositsNotSentError,
} from './onboarding.errors';

const TENANT = '00000000-0000-4000-8000-000000000001';
const CONTRACTOR = '00000000-0000-4000-8000-000000000002';
const day = (d: string) => new Date(`${d}T06:00:00Z`);

describe('License', () => {
  const license = (expirationDate: string | null = '2026-12-31') => {
    const l = License.add({
      id: 'l1',
      tenantId: TENANT,
      contractorId: CONTRACTOR,
      state: 'ca',
      licenseNumber: ' C-10 123 ',
      expirationDate,
    });
    l.markCommitted();
    return l;
  };

  it('normalises the state and number and refuses a bad state or date', () => {
    expect(license().snapshot).toMatchObject({ state: 'CA', licenseNumber: 'C-10 123' });
    expect(() =>
      License.add({
        id: 'x',
        tenantId: TENANT,
        contractorId: CONTRACTOR,
        state: 'C1',
        licenseNumber: 'n',
      }),
    ).toThrow(InvalidOnboardingFieldError);
    expect(() => license('2026-02-30')).toThrow(InvalidOnboardingFieldError);
  });

  it('expires only after its expiration day, once', () => {
    const l = license('2026-12-31');
    expect(l.expireIfDue(day('2026-12-31'))).toBe(false);
    expect(l.expireIfDue(day('2027-01-01'))).toBe(true);
    expect(l.expireIfDue(day('2027-01-02'))).toBe(false);
    expect(l.snapshot.status).toBe('expired');
    expect(l.uncommittedEvents.map((e) => e.type)).toEqual(['onboarding.license.expired.v1']);
    expect(l.uncommittedEvents[0]?.previous).toEqual({ status: 'unverified' });
  });

  it('announces an expiry within the window once per expiration date', () => {
    const l = license('2026-12-31');
    expect(l.announceExpiryIfDue(day('2026-11-30'), 30)).toBe(false); // 31 days left
    expect(l.announceExpiryIfDue(day('2026-12-01'), 30)).toBe(true);
    expect(l.announceExpiryIfDue(day('2026-12-02'), 30)).toBe(false);
    expect(l.uncommittedEvents[0]?.payload).toMatchObject({ daysLeft: 30 });
    l.change({ expirationDate: '2027-01-15' }); // renewed: announced again when due
    expect(l.announceExpiryIfDue(day('2026-12-20'), 30)).toBe(true);
  });

  it('a renewal makes an expired license unverified again', () => {
    const l = license('2026-12-31');
    l.expireIfDue(day('2027-01-05'));
    l.change({ expirationDate: '2028-01-01' });
    expect(l.snapshot).toMatchObject({ status: 'unverified', expiredAt: null });
  });
});

describe('InsurancePolicy', () => {
  const policy = () => {
    const p = InsurancePolicy.add({
      id: 'p1',
      tenantId: TENANT,
      contractorId: CONTRACTOR,
      provider: 'trustlayer',
      policyNumber: 'GL-555',
      coverageTypes: ['gl', 'wc', 'gl'],
      expirationDate: '2027-03-01',
    });
    p.markCommitted();
    return p;
  };

  it('keeps each coverage once and refuses unknown coverages', () => {
    expect(policy().snapshot.coverageTypes).toEqual(['gl', 'wc']);
    expect(() =>
      InsurancePolicy.add({
        id: 'x',
        tenantId: TENANT,
        contractorId: CONTRACTOR,
        provider: 'manual',
        policyNumber: 'n',
        coverageTypes: ['flood'],
        expirationDate: '2027-03-01',
      }),
    ).toThrow(InvalidOnboardingFieldError);
  });

  it('verified by its provider, failed with a reason, expired after its date', () => {
    const p = policy();
    p.markVerified('trustlayer', day('2026-12-01'));
    expect(p.snapshot.verificationStatus).toBe('verified');
    p.markVerificationFailed('veriforce', 'Policy cancelled');
    expect(p.snapshot.verificationStatus).toBe('failed');
    expect(p.expireIfDue(day('2027-03-01'))).toBe(false);
    expect(p.expireIfDue(day('2027-03-02'))).toBe(true);
    expect(p.isExpired).toBe(true);
    expect(p.uncommittedEvents.map((e) => e.type)).toEqual([
      'onboarding.insurance-policy.verified.v1',
      'onboarding.insurance-policy.verification-failed.v1',
      'onboarding.insurance-policy.expired.v1',
    ]);
  });
});

describe('BankAccount', () => {
  const account = () => {
    const a = BankAccount.add({
      id: 'b1',
      tenantId: TENANT,
      contractorId: CONTRACTOR,
      accountType: 'checking',
      verificationMethod: 'micro-deposit',
      last4: '6789',
    });
    a.markCommitted();
    return a;
  };

  it('accepts four digits only, never a full account number', () => {
    for (const last4 of ['123456789', '12a4', '123'])
      expect(() =>
        BankAccount.add({
          id: 'x',
          tenantId: TENANT,
          contractorId: CONTRACTOR,
          accountType: 'savings',
          verificationMethod: 'manual',
          last4,
        }),
      ).toThrow(InvalidOnboardingFieldError);
  });

  it('micro-deposits: a confirmation before sending is refused; the right amounts verify', () => {
    const a = account();
    expect(() => a.confirmMicroDeposits(true)).toThrow(MicroDepositsNotSentError);
    a.sendMicroDeposits('hash', day('2026-12-01'));
    expect(a.confirmMicroDeposits(false, day('2026-12-02'))).toBe(false);
    expect(a.confirmMicroDeposits(true, day('2026-12-02'))).toBe(true);
    expect(a.snapshot).toMatchObject({
      verificationStatus: 'verified',
      verificationMethod: 'micro-deposit',
      microDepositHash: null,
    });
    const sent = a.uncommittedEvents[0]!;
    expect(JSON.stringify(sent.payload)).not.toContain('hash');
  });

  it('three wrong tries fail and lock it for a day; after the lock new deposits start over', () => {
    const a = account();
    const now = day('2026-12-01');
    a.sendMicroDeposits('hash', now);
    a.confirmMicroDeposits(false, now);
    a.confirmMicroDeposits(false, now);
    a.confirmMicroDeposits(false, now);
    expect(a.snapshot.verificationStatus).toBe('failed');
    expect(a.snapshot.microDepositAttempts).toBe(3);
    expect(a.snapshot.microDepositLockedUntil?.getTime()).toBe(
      now.getTime() + MICRO_DEPOSIT_LOCK_MS,
    );
    expect(() => a.confirmMicroDeposits(true, now)).toThrow(MicroDepositsLockedError);
    expect(() => a.sendMicroDeposits('hash2', now)).toThrow(MicroDepositsLockedError);
    const later = new Date(now.getTime() + MICRO_DEPOSIT_LOCK_MS + 1);
    a.sendMicroDeposits('hash2', later);
    expect(a.snapshot).toMatchObject({ verificationStatus: 'pending', microDepositAttempts: 0 });
  });
});
