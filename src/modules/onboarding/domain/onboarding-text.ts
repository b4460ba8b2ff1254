import { InvalidOnboardingFieldError } from './onboarding.errors';

/** Trimmed text within `max` characters; blank becomes null. */
export function optionalText(
  value: string | null | undefined,
  field: string,
  max: number,
): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed.length > max)
    throw new InvalidOnboardingFieldError(field, `${field} must be at most ${max} characters`);
  return trimmed.length > 0 ? trimmed : null;
}

export function requiredText(value: string | null | undefined, field: string, max: number): string {
  const text = optionalText(value, field, max);
  if (text === null) throw new InvalidOnboardingFieldError(field, `${field} must not be blank`);
  return text;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists. */
export function calendarDate(value: string, field: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  if (!ISO_DATE.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value)
    throw new InvalidOnboardingFieldError(field, `${field} must be a date (YYYY-MM-DD)`);
  return value;
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Whole days from `today` to `date` (negative when past). */
export function daysBetween(today: string, date: string): number {
  return Math.round(
    (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
}

/** Two-letter US state or territory code. */
export const US_STATE = /^[A-Z]{2}$/;
