import { isPersonalDataEnvelope } from '@opsledger/ddd';

export const REDACTED = '[redacted]';

/** Keys whose values are credentials or derived from them; the trail never copies them. */
const SECRET_KEY = /password|secret|token|hash/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * A deep copy in which every value under a secret-looking key is replaced by a marker. Sealed
 * personal values pass as they are: readers reveal them.
 */
export function redact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => redact(v)) as T;
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Date) &&
    !isPersonalDataEnvelope(value)
  ) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = isSecretKey(key) ? REDACTED : redact(v);
    }
    return out as T;
  }
  return value;
}
