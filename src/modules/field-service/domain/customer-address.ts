import { InvalidCustomerFieldError } from './customer.errors';

/** A postal address as the customers table stores it (jsonb), every key always present. */
export interface CustomerAddress {
  street: string;
  street2: string | null;
  city: string;
  state: string | null;
  postalCode: string;
  country: string;
}

const LIMITS: Record<keyof CustomerAddress, { max: number; required: boolean }> = {
  street: { max: 255, required: true },
  street2: { max: 255, required: false },
  city: { max: 100, required: true },
  state: { max: 100, required: false },
  postalCode: { max: 20, required: true },
  country: { max: 2, required: true },
};
const COUNTRY = /^[A-Z]{2}$/;

/**
 * Checks and normalises an address: known keys only, required parts present and non-blank,
 * lengths within the limits, country as ISO 3166-1 alpha-2. The edge checks the same; this is
 * what holds when a command comes from anywhere else.
 */
export function toCustomerAddress(value: unknown, field: string): CustomerAddress | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new InvalidCustomerFieldError(field, `${field} must be an object`);
  const input = value as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(key in LIMITS))
      throw new InvalidCustomerFieldError(
        `${field}.${key}`,
        `${field}.${key} is not a known field`,
      );
  }
  const out: Record<string, string | null> = {};
  for (const [key, limit] of Object.entries(LIMITS)) {
    const raw = input[key];
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      throw new InvalidCustomerFieldError(`${field}.${key}`, `${field}.${key} must be a string`);
    }
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text.length === 0) {
      if (limit.required)
        throw new InvalidCustomerFieldError(`${field}.${key}`, `${field}.${key} is required`);
      out[key] = null;
      continue;
    }
    if (text.length > limit.max) {
      throw new InvalidCustomerFieldError(
        `${field}.${key}`,
        `${field}.${key} must be at most ${limit.max} characters`,
      );
    }
    out[key] = text;
  }
  const country = (out.country as string).toUpperCase();
  if (!COUNTRY.test(country))
    throw new InvalidCustomerFieldError(
      `${field}.country`,
      `${field}.country must be an ISO 3166-1 alpha-2 code`,
    );
  return { ...(out as unknown as CustomerAddress), country };
}

export function sameAddress(a: CustomerAddress | null, b: CustomerAddress | null): boolean {
  if (a === null || b === null) return a === b;
  return (Object.keys(LIMITS) as Array<keyof CustomerAddress>).every((key) => a[key] === b[key]);
}
