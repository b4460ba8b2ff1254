import { createHmac } from 'node:crypto';

/**
 * - `person`: someone the platform knows by an id (a user, a customer, a technician);
 * - `alias`: someone named by a login or an email (a failed login's typed address), whose key
 *   is found again from that name when the person is erased;
 * - `period`: the month of requests nobody signed in to, whose addresses retention shreds.
 */
export type SubjectKind = 'person' | 'alias' | 'period';

export interface SubjectRef {
  subjectId: string;
  kind: SubjectKind;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A UUID (version 8, RFC 9562) made of the first 16 bytes of an HMAC, lower-case. */
function keyedUuid(secret: Buffer, text: string): string {
  const b = createHmac('sha256', secret).update(text, 'utf8').digest().subarray(0, 16);
  b[6] = 0x80 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The subject of a person named by a login or an email. Keyed, so that the ledger's subject
 * ids do not let anyone test which addresses appear in it.
 */
export function aliasSubjectId(secret: Buffer, name: string): string {
  return keyedUuid(secret, `alias:${name.trim().toLowerCase()}`);
}

/** `YYYY-MM` in UTC. */
export function periodOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The subject holding anonymous requests' addresses during the month of `at`. */
export function periodSubjectId(secret: Buffer, at: Date): string {
  return keyedUuid(secret, `period:${periodOf(at)}`);
}
