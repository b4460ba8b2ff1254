import type { DomainEvent } from './domain-event';

/**
 * A personal value as the ledger stores it: encrypted under the data key of the person it
 * belongs to (`s`, the subject). Destroying that key erases the value everywhere it was
 * written, while the event and its hash stay as they were.
 */
export interface PersonalDataEnvelope {
  $pd: 1;
  /** The subject (person) whose key encrypts the value. */
  s: string;
  /** The field the value fills; with the subject, the associated data of the encryption. */
  f: string;
  /** Nonce, base64url. */
  iv: string;
  /** AES-256-GCM ciphertext and tag of the JSON-encoded value, base64url. */
  ct: string;
}

/** What readers show in place of a value whose subject has been erased. */
export const ERASED = '[erased]';

/** What readers show for an envelope that does not decrypt although its key exists (altered bytes). */
export const UNREADABLE = '[unreadable]';

export function isPersonalDataEnvelope(value: unknown): value is PersonalDataEnvelope {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    v.$pd === 1 &&
    typeof v.s === 'string' &&
    typeof v.f === 'string' &&
    typeof v.iv === 'string' &&
    typeof v.ct === 'string'
  );
}

type FieldOf<P> = keyof P & string;

/**
 * Whose the personal fields of an event are:
 * - omitted: the event's aggregate (a user's events, a customer's events);
 * - a payload field holding that person's id (`'userId'` on a session event);
 * - `{ alias: field }`: a payload field holding a name of the person rather than an id (an
 *   email typed at a login prompt); the person is found by that name when erased.
 * When the field is empty the values go under the key of the current period, which
 * retention shreds.
 */
export type PersonalDataSubject<P> = FieldOf<P> | { alias: FieldOf<P> };

/** Which fields of an event are personal data, declared on the event class (see `personalData`). */
export interface PersonalDataDeclaration<P = Record<string, unknown>> {
  /** Personal fields; each is encrypted in the payload and in `previous` before hashing. */
  readonly fields: readonly FieldOf<P>[];
  /**
   * Personal fields only `previous` carries, when a removal records the former state (a
   * deleted customer's email) and the payload does not.
   */
  readonly previousOnly?: readonly string[];
  readonly subject?: PersonalDataSubject<P>;
  /**
   * Fields whose names look personal but are not (an inventory item's `name`, a stock
   * `location`), so the declaration test lets them through. Dotted paths name nested fields.
   */
  readonly notPersonal?: readonly string[];
}

/** The declaration of an event that carries no personal data. */
export const NO_PERSONAL_DATA: PersonalDataDeclaration = { fields: [] };

/**
 * Declares an event's personal fields, checked against its payload's type:
 *
 * ```ts
 * export class SessionStartedEvent extends DomainEvent<{ userId: string; ipAddress: string | null }> {
 *   static readonly personalData = personalData<SessionStartedEvent>({
 *     fields: ['ipAddress'],
 *     subject: 'userId',
 *   });
 *   readonly type = 'identity.session.started.v1';
 * }
 * ```
 */
export function personalData<E extends DomainEvent<object>>(
  declaration: PersonalDataDeclaration<E['payload']>,
): PersonalDataDeclaration {
  return declaration as PersonalDataDeclaration;
}

/** The declaration on an event's class, or undefined for a class that has none. */
export function personalDataOf(event: DomainEvent<object>): PersonalDataDeclaration | undefined {
  return (event.constructor as { personalData?: PersonalDataDeclaration }).personalData;
}
