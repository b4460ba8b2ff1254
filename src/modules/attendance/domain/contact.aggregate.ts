import { AggregateRoot, DomainError } from '@opsledger/ddd';
import { InvalidAttendanceFieldError } from './attendance.errors';
import {
  ContactChangedEvent,
  ContactConsentGrantedEvent,
  ContactConsentWithdrawnEvent,
  ContactCreatedEvent,
  ContactDetails,
} from './events/contact.events';

export interface ContactState extends ContactDetails {
  tenantId: string;
  userId: string | null;
  consentGranted: boolean;
  consentTimestamp: Date | null;
  consentWithdrawnAt: Date | null;
  isActive: boolean;
  createdAt: Date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** E.164: a plus, a country code that does not start with 0, at most 15 digits. */
export const E164 = /^\+[1-9][0-9]{1,14}$/;

function text(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed.length > max)
    throw new InvalidAttendanceFieldError(field, `${field} must be at most ${max} characters`);
  return trimmed.length > 0 ? trimmed : null;
}

function checkedEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (email.length > 255 || !EMAIL.test(email))
    throw new InvalidAttendanceFieldError('email', 'email must be an email address');
  return email;
}

function checkedPhone(value: string | null | undefined): string | null {
  const phone = text(value, 'phone', 20);
  if (phone !== null && !E164.test(phone))
    throw new InvalidAttendanceFieldError('phone', 'phone must be in E.164 format (+14155550100)');
  return phone;
}

/** What a coordinator may change on a contact; an absent field stays, null clears it. */
export type ContactChanges = Partial<Omit<ContactDetails, 'email'>> & { email?: string };

export class ConsentNotGrantedError extends DomainError {
  constructor() {
    super('CONTACT.CONSENT_NOT_GRANTED', 'conflict', 'Consent is not granted; nothing to withdraw');
  }
}

/** A person who attends meetings (spec 004 `contacts`); may be linked to a user login. */
export class Contact extends AggregateRoot {
  readonly streamType = 'attendance-contact';

  private constructor(
    id: string,
    version: number,
    private state: ContactState,
  ) {
    super(id, version);
  }

  static create(
    props: {
      id: string;
      tenantId: string;
      userId?: string | null;
      email: string;
      phone?: string | null;
      firstName?: string | null;
      lastName?: string | null;
      ghlContactId?: string | null;
      notes?: string | null;
    },
    now = new Date(),
  ): Contact {
    const email = checkedEmail(props.email);
    const phone = checkedPhone(props.phone);
    const details: ContactDetails = {
      email,
      phone,
      firstName: text(props.firstName, 'firstName', 100),
      lastName: text(props.lastName, 'lastName', 100),
      ghlContactId: text(props.ghlContactId, 'ghlContactId', 100),
      notes: text(props.notes, 'notes', 10_000),
    };
    const userId = props.userId ?? null;
    const contact = new Contact(props.id, 0, {
      ...details,
      tenantId: props.tenantId,
      userId,
      consentGranted: false,
      consentTimestamp: null,
      consentWithdrawnAt: null,
      isActive: true,
      createdAt: now,
    });
    contact.record(
      new ContactCreatedEvent(props.id, {
        ...details,
        tenantId: props.tenantId,
        userId,
        consentGranted: false,
        isActive: true,
      }),
    );
    return contact;
  }

  static rehydrate(id: string, version: number, state: ContactState): Contact {
    return new Contact(id, version, { ...state });
  }

  get snapshot(): Readonly<ContactState> {
    return this.state;
  }

  /** Changes the contact's details; values equal to the current ones are not changes. */
  change(changes: ContactChanges): void {
    const s = this.state;
    const after: ContactDetails = {
      email: changes.email === undefined ? s.email : checkedEmail(changes.email),
      phone: changes.phone === undefined ? s.phone : checkedPhone(changes.phone),
      firstName:
        changes.firstName === undefined ? s.firstName : text(changes.firstName, 'firstName', 100),
      lastName:
        changes.lastName === undefined ? s.lastName : text(changes.lastName, 'lastName', 100),
      ghlContactId:
        changes.ghlContactId === undefined
          ? s.ghlContactId
          : text(changes.ghlContactId, 'ghlContactId', 100),
      notes: changes.notes === undefined ? s.notes : text(changes.notes, 'notes', 10_000),
    };
    const changed = (Object.keys(after) as (keyof ContactDetails)[]).filter(
      (key) => after[key] !== s[key],
    );
    if (changed.length === 0) return;
    const pick = (details: ContactDetails) =>
      Object.fromEntries(changed.map((key) => [key, details[key]])) as Partial<ContactDetails>;
    const before = pick(s);
    this.state = { ...s, ...after };
    this.record(new ContactChangedEvent(this.id, pick(after), before));
  }

  /** Granting again renews the timestamp (a fresh, recorded act of consent). */
  grantConsent(now = new Date()): void {
    const previous = {
      consentGranted: this.state.consentGranted,
      consentTimestamp: this.state.consentTimestamp?.toISOString() ?? null,
    };
    this.state = {
      ...this.state,
      consentGranted: true,
      consentTimestamp: now,
      consentWithdrawnAt: null,
    };
    this.record(
      new ContactConsentGrantedEvent(
        this.id,
        { consentGranted: true, consentTimestamp: now.toISOString() },
        previous,
      ),
    );
  }

  withdrawConsent(now = new Date()): void {
    if (!this.state.consentGranted) throw new ConsentNotGrantedError();
    this.state = { ...this.state, consentGranted: false, consentWithdrawnAt: now };
    this.record(
      new ContactConsentWithdrawnEvent(
        this.id,
        { consentGranted: false, consentWithdrawnAt: now.toISOString() },
        { consentGranted: true },
      ),
    );
  }
}
