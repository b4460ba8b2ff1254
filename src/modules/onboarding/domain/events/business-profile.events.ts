import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export interface BusinessProfileDetails {
  legalName: string;
  dbaName: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

/**
 * The profile as saved. The tax id is never in an event, neither in clear nor sealed: only
 * whether it changed and its last four digits (sealed under the contractor's key).
 */
export class BusinessProfileSavedEvent extends DomainEvent<
  BusinessProfileDetails & {
    tenantId: string;
    contractorId: string;
    taxIdLast4: string | null;
    taxIdChanged: boolean;
  }
> {
  static readonly personalData = personalData<BusinessProfileSavedEvent>({
    fields: [
      'legalName',
      'dbaName',
      'phone',
      'email',
      'website',
      'addressLine1',
      'addressLine2',
      'city',
      'postalCode',
      'taxIdLast4',
    ],
    previousOnly: [
      'legalName',
      'dbaName',
      'phone',
      'email',
      'website',
      'addressLine1',
      'addressLine2',
      'city',
      'postalCode',
      'taxIdLast4',
    ],
    subject: 'contractorId',
    notPersonal: ['state', 'country', 'taxIdChanged'],
  });
  readonly type = 'onboarding.business-profile.saved.v1';
}

/** Someone saw the tax id in clear: who (the event's actor) and of which contractor. */
export class TaxIdRevealedEvent extends DomainEvent<{ contractorId: string; purpose: string }> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'onboarding.business-profile.tax-id-revealed.v1';
}
