/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` dropped, dates as ISO
 * strings. The same value always encodes to the same bytes, whatever key order jsonb
 * hands back, so hashes computed at append time can be recomputed by any verifier.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  return JSON.stringify(value);
}

/** Round-trips a value through JSON so that what is hashed is exactly what jsonb stores. */
export function toJsonValue<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}
