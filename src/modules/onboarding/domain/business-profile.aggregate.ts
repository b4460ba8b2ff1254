import { AggregateRoot } from '@opsledger/ddd';
import {
  BusinessProfileDetails,
  BusinessProfileSavedEvent,
  TaxIdRevealedEvent,
} from './events/business-profile.events';
import { InvalidOnboardingFieldError } from './onboarding.errors';
import { optionalText, requiredText, US_STATE } from './onboarding-text';
import { SealedTaxId } from './tax-id';

export interface BusinessProfileState extends BusinessProfileDetails {
  tenantId: string;
  taxId: SealedTaxId | null;
}

export interface BusinessProfileInput {
  legalName: string;
  dbaName?: string | null;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9][0-9]{1,14}$/;
const POSTAL = /^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/;
const COUNTRY = /^[A-Z]{2}$/;

function details(input: BusinessProfileInput): BusinessProfileDetails {
  const email = optionalText(input.email, 'email', 255)?.toLowerCase() ?? null;
  if (email !== null && !EMAIL.test(email))
    throw new InvalidOnboardingFieldError('email', 'email must be an email address');
  const phone = optionalText(input.phone, 'phone', 20);
  if (phone !== null && !E164.test(phone))
    throw new InvalidOnboardingFieldError('phone', 'phone must be in E.164 format (+14155550100)');
  const state = optionalText(input.state, 'state', 2)?.toUpperCase() ?? null;
  if (state !== null && !US_STATE.test(state))
    throw new InvalidOnboardingFieldError('state', 'state must be a two-letter state code');
  const postalCode = optionalText(input.postalCode, 'postalCode', 10);
  if (postalCode !== null && !POSTAL.test(postalCode))
    throw new InvalidOnboardingFieldError('postalCode', 'postalCode must be a postal code');
  const country = optionalText(input.country, 'country', 2)?.toUpperCase() ?? 'US';
  if (!COUNTRY.test(country))
    throw new InvalidOnboardingFieldError('country', 'country must be a two-letter country code');
  return {
    legalName: requiredText(input.legalName, 'legalName', 200),
    dbaName: optionalText(input.dbaName, 'dbaName', 200),
    phone,
    email,
    website: optionalText(input.website, 'website', 255),
    addressLine1: optionalText(input.addressLine1, 'addressLine1', 200),
    addressLine2: optionalText(input.addressLine2, 'addressLine2', 200),
    city: optionalText(input.city, 'city', 100),
    state,
    postalCode,
    country,
  };
}

/**
 * A contractor's business profile (spec 000 `business_profile`), keyed by the contractor. The
 * tax id arrives sealed (the application encrypts it, bound to tenant and contractor); the
 * aggregate only ever holds the ciphertext and the last four digits.
 */
export class BusinessProfile extends AggregateRoot {
  readonly streamType = 'onboarding-business-profile';

  private constructor(
    contractorId: string,
    version: number,
    private s: BusinessProfileState,
  ) {
    super(contractorId, version);
  }

  static create(
    contractorId: string,
    tenantId: string,
    input: BusinessProfileInput,
    taxId: SealedTaxId | null,
  ): BusinessProfile {
    const profile = new BusinessProfile(contractorId, 0, {
      tenantId,
      ...details(input),
      taxId: null,
    });
    profile.save(input, taxId);
    return profile;
  }

  static rehydrate(
    contractorId: string,
    version: number,
    state: BusinessProfileState,
  ): BusinessProfile {
    return new BusinessProfile(contractorId, version, { ...state });
  }

  get snapshot(): Readonly<BusinessProfileState> {
    return this.s;
  }

  /** Replaces the details; `taxId` null keeps the tax id already stored. */
  save(input: BusinessProfileInput, taxId: SealedTaxId | null): void {
    const next = details(input);
    const { tenantId: _t, taxId: previousTaxId, ...before } = this.s;
    void _t;
    const taxIdChanged = taxId !== null;
    this.s = { ...this.s, ...next, taxId: taxId ?? previousTaxId };
    this.record(
      new BusinessProfileSavedEvent(
        this.id,
        {
          ...next,
          tenantId: this.s.tenantId,
          contractorId: this.id,
          taxIdLast4: this.s.taxId?.last4 ?? null,
          taxIdChanged,
        },
        this.version === 0 && this.uncommittedEvents.length === 0
          ? undefined
          : { ...before, taxIdLast4: previousTaxId?.last4 ?? null },
      ),
    );
  }

  /** Records that the tax id was shown in clear (the caller decrypts it). */
  recordReveal(purpose: string): void {
    this.record(
      new TaxIdRevealedEvent(this.id, {
        contractorId: this.id,
        purpose: requiredText(purpose, 'purpose', 200),
      }),
    );
  }
}
