import { isPersonalDataEnvelope } from '@opsledger/ddd';
import { isSecretKey, redact, REDACTED } from './redaction';

export interface FieldChange {
  /** Dotted path of the field (`settings.theme`). */
  field: string;
  old: unknown;
  new: unknown;
}

/** An object to walk into; a sealed personal value is one value, compared whole. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !isPersonalDataEnvelope(value)
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/** Key order must not count as a change, and a missing value is the same as null. */
function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(normalise);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, normalise(value[k])]),
    );
  }
  return value;
}

/**
 * Field-level changes between the values before and after an event, walking nested plain
 * objects so a change deep in a settings object names that field; arrays compare whole, and
 * so do sealed personal values (one person's value of one field always seals alike, so equal
 * envelopes mean an unchanged value).
 * Only fields the event speaks about (present on either side) can appear.
 */
export function diffFields(
  previous: Record<string, unknown>,
  next: Record<string, unknown>,
  prefix = '',
): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(previous), ...Object.keys(next)])].sort();
  for (const key of keys) {
    const field = prefix ? `${prefix}.${key}` : key;
    const before = previous[key];
    const after = next[key];
    if (isSecretKey(key)) {
      if (!sameValue(before, after)) changes.push({ field, old: REDACTED, new: REDACTED });
      continue;
    }
    if (isPlainObject(before) && isPlainObject(after)) {
      changes.push(...diffFields(before, after, field));
      continue;
    }
    if (!sameValue(before, after))
      changes.push({ field, old: redact(before ?? null), new: redact(after ?? null) });
  }
  return changes;
}
