import { DomainEvent, NO_PERSONAL_DATA, personalData } from '@opsledger/ddd';

export interface ContactDetails {
  email: string;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  ghlContactId: string | null;
  notes: string | null;
}

/** Every detail names or reaches the person; sealed under the contact's own key. */
const CONTACT_PERSONAL_FIELDS: ReadonlyArray<keyof ContactDetails> = [
  'email',
  'phone',
  'firstName',
  'lastName',
  'ghlContactId',
  'notes',
];

export class ContactCreatedEvent extends DomainEvent<
  ContactDetails & {
    tenantId: string;
    userId: string | null;
    consentGranted: false;
    isActive: true;
  }
> {
  static readonly personalData = personalData<ContactCreatedEvent>({
    fields: CONTACT_PERSONAL_FIELDS,
  });
  readonly type = 'attendance.contact.created.v1';
}

/**
 * Details of the contact changed: the new values of the changed fields in the payload, the
 * old ones in `previous`, both sealed under the contact's key (erasure shreds them all).
 */
export class ContactChangedEvent extends DomainEvent<Partial<ContactDetails>> {
  static readonly personalData = personalData<ContactChangedEvent>({
    fields: CONTACT_PERSONAL_FIELDS,
  });
  readonly type = 'attendance.contact.changed.v1';
}

/** Consent to capture the position: the person's own act, timestamped. */
export class ContactConsentGrantedEvent extends DomainEvent<{
  consentGranted: true;
  consentTimestamp: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'attendance.contact.consent-granted.v1';
}

export class ContactConsentWithdrawnEvent extends DomainEvent<{
  consentGranted: false;
  consentWithdrawnAt: string;
}> {
  static readonly personalData = NO_PERSONAL_DATA;
  readonly type = 'attendance.contact.consent-withdrawn.v1';
}
