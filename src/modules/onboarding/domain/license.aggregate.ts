import { AggregateRoot } from '@opsledger/ddd';
import {
  LicenseAddedEvent,
  LicenseChangedEvent,
  LicenseExpiredEvent,
  LicenseExpiringEvent,
  LicenseRemovedEvent,
  LicenseStatus,
  LicenseVerifiedEvent,
} from './events/compliance-item.events';
import { InvalidOnboardingFieldError } from './onboarding.errors';
import {
  calendarDate,
  daysBetween,
  dayOf,
  optionalText,
  requiredText,
  US_STATE,
} from './onboarding-text';

export interface LicenseState {
  tenantId: string;
  contractorId: string;
  state: string;
  licenseNumber: string;
  licenseType: string | null;
  expirationDate: string | null;
  status: LicenseStatus;
  verifiedAt: Date | null;
  expiredAt: Date | null;
  expiryNoticeFor: string | null;
  removed: boolean;
}

/** A state license of a contractor (spec 000 `license`), unique per contractor, state, number. */
export class License extends AggregateRoot {
  readonly streamType = 'onboarding-license';

  private constructor(
    id: string,
    version: number,
    private s: LicenseState,
  ) {
    super(id, version);
  }

  static add(props: {
    id: string;
    tenantId: string;
    contractorId: string;
    state: string;
    licenseNumber: string;
    licenseType?: string | null;
    expirationDate?: string | null;
  }): License {
    const state = requiredText(props.state, 'state', 2).toUpperCase();
    if (!US_STATE.test(state))
      throw new InvalidOnboardingFieldError('state', 'state must be a two-letter state code');
    const licenseNumber = requiredText(props.licenseNumber, 'licenseNumber', 50);
    const licenseType = optionalText(props.licenseType, 'licenseType', 100);
    const expirationDate =
      props.expirationDate == null ? null : calendarDate(props.expirationDate, 'expirationDate');
    const license = new License(props.id, 0, {
      tenantId: props.tenantId,
      contractorId: props.contractorId,
      state,
      licenseNumber,
      licenseType,
      expirationDate,
      status: 'unverified',
      verifiedAt: null,
      expiredAt: null,
      expiryNoticeFor: null,
      removed: false,
    });
    license.record(
      new LicenseAddedEvent(props.id, {
        tenantId: props.tenantId,
        contractorId: props.contractorId,
        state,
        licenseNumber,
        licenseType,
        expirationDate,
        status: 'unverified',
      }),
    );
    return license;
  }

  static rehydrate(id: string, version: number, state: LicenseState): License {
    return new License(id, version, { ...state });
  }

  get snapshot(): Readonly<LicenseState> {
    return this.s;
  }

  /** A new type or expiration date (a renewal): an expired license is unverified again. */
  change(props: { licenseType?: string | null; expirationDate?: string | null }): void {
    const licenseType =
      props.licenseType === undefined
        ? this.s.licenseType
        : optionalText(props.licenseType, 'licenseType', 100);
    const expirationDate =
      props.expirationDate === undefined
        ? this.s.expirationDate
        : props.expirationDate === null
          ? null
          : calendarDate(props.expirationDate, 'expirationDate');
    const renewed = expirationDate !== this.s.expirationDate;
    const status: LicenseStatus = renewed ? 'unverified' : this.s.status;
    const previous = {
      licenseType: this.s.licenseType,
      expirationDate: this.s.expirationDate,
      status: this.s.status,
    };
    this.s = {
      ...this.s,
      licenseType,
      expirationDate,
      status,
      verifiedAt: renewed ? null : this.s.verifiedAt,
      expiredAt: renewed ? null : this.s.expiredAt,
    };
    this.record(
      new LicenseChangedEvent(
        this.id,
        { contractorId: this.s.contractorId, licenseType, expirationDate, status },
        previous,
      ),
    );
  }

  verify(now = new Date()): void {
    const previous = { status: this.s.status };
    this.s = { ...this.s, status: 'verified', verifiedAt: now };
    this.record(
      new LicenseVerifiedEvent(
        this.id,
        { contractorId: this.s.contractorId, status: 'verified', verifiedAt: now.toISOString() },
        previous,
      ),
    );
  }

  /** Past its expiration date on `now`'s day and not yet marked: marks it expired. */
  expireIfDue(now: Date): boolean {
    const date = this.s.expirationDate;
    if (this.s.status === 'expired' || date === null || date >= dayOf(now)) return false;
    const previous = { status: this.s.status };
    this.s = { ...this.s, status: 'expired', expiredAt: now };
    this.record(
      new LicenseExpiredEvent(
        this.id,
        {
          contractorId: this.s.contractorId,
          status: 'expired',
          expirationDate: date,
          expiredAt: now.toISOString(),
        },
        previous,
      ),
    );
    return true;
  }

  /** Expiring within `withinDays` and not yet announced for this date: announces it once. */
  announceExpiryIfDue(now: Date, withinDays: number): boolean {
    const date = this.s.expirationDate;
    if (this.s.status === 'expired' || date === null || this.s.expiryNoticeFor === date)
      return false;
    const daysLeft = daysBetween(dayOf(now), date);
    if (daysLeft < 0 || daysLeft > withinDays) return false;
    this.s = { ...this.s, expiryNoticeFor: date };
    this.record(
      new LicenseExpiringEvent(this.id, {
        contractorId: this.s.contractorId,
        expirationDate: date,
        daysLeft,
      }),
    );
    return true;
  }

  remove(): void {
    const previous = {
      state: this.s.state,
      licenseType: this.s.licenseType,
      expirationDate: this.s.expirationDate,
      status: this.s.status,
    };
    this.s = { ...this.s, removed: true };
    this.record(new LicenseRemovedEvent(this.id, { contractorId: this.s.contractorId }, previous));
  }
}
