import { Money } from '@opsledger/ddd';
import { InvalidTechnicianFieldError } from './technician.errors';

export interface TechnicianCertification {
  name: string;
  issuer: string | null;
  /** ISO date (YYYY-MM-DD). */
  expiresOn: string | null;
}

export const MAX_CERTIFICATIONS = 50;
export const MAX_SKILLS = 50;
export const SKILL = /^[a-z0-9][a-z0-9 _.+/-]{0,49}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CERTIFICATION_KEYS = new Set(['name', 'issuer', 'expiresOn']);
/** numeric(10, 2) */
const MAX_RATE = Money.parse('99999999.99');

function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    date.getUTCFullYear() === Number(m[1]) &&
    date.getUTCMonth() === Number(m[2]) - 1 &&
    date.getUTCDate() === Number(m[3])
  );
}

function text(value: unknown, field: string, max: number, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) throw new InvalidTechnicianFieldError(field, `${field} is required`);
    return null;
  }
  if (typeof value !== 'string')
    throw new InvalidTechnicianFieldError(field, `${field} must be a string`);
  const trimmed = value.trim();
  if (trimmed.length === 0) {
    if (required) throw new InvalidTechnicianFieldError(field, `${field} must not be blank`);
    return null;
  }
  if (trimmed.length > max)
    throw new InvalidTechnicianFieldError(field, `${field} must be at most ${max} characters`);
  return trimmed;
}

/** Certifications as stored (jsonb array): known keys only, real calendar dates. */
export function toCertifications(value: unknown): TechnicianCertification[] {
  if (!Array.isArray(value))
    throw new InvalidTechnicianFieldError('certifications', 'certifications must be an array');
  if (value.length > MAX_CERTIFICATIONS) {
    throw new InvalidTechnicianFieldError(
      'certifications',
      `certifications must have at most ${MAX_CERTIFICATIONS} entries`,
    );
  }
  return value.map((entry: unknown, i) => {
    const field = `certifications.${i}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new InvalidTechnicianFieldError(field, `${field} must be an object`);
    const record = entry as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!CERTIFICATION_KEYS.has(key))
        throw new InvalidTechnicianFieldError(
          `${field}.${key}`,
          `${field}.${key} is not a known field`,
        );
    }
    const expiresOn = text(record.expiresOn, `${field}.expiresOn`, 10, false);
    if (expiresOn !== null && !isCalendarDate(expiresOn)) {
      throw new InvalidTechnicianFieldError(
        `${field}.expiresOn`,
        `${field}.expiresOn must be a date (YYYY-MM-DD)`,
      );
    }
    return {
      name: text(record.name, `${field}.name`, 100, true) as string,
      issuer: text(record.issuer, `${field}.issuer`, 100, false),
      expiresOn,
    };
  });
}

/** Skills are matched exactly by search, so they are stored lower-case, trimmed, once each. */
export function toSkills(value: unknown): string[] {
  if (!Array.isArray(value))
    throw new InvalidTechnicianFieldError('skills', 'skills must be an array');
  if (value.length > MAX_SKILLS)
    throw new InvalidTechnicianFieldError(
      'skills',
      `skills must have at most ${MAX_SKILLS} entries`,
    );
  const out: string[] = [];
  value.forEach((entry: unknown, i) => {
    if (typeof entry !== 'string')
      throw new InvalidTechnicianFieldError(`skills.${i}`, `skills.${i} must be a string`);
    const skill = entry.trim().toLowerCase();
    if (!SKILL.test(skill)) {
      throw new InvalidTechnicianFieldError(
        `skills.${i}`,
        `skills.${i} must be 1–50 letters, digits, spaces or . _ + / -`,
      );
    }
    if (!out.includes(skill)) out.push(skill);
  });
  return out;
}

/** The hourly rate as exact money: a decimal string, not negative, within numeric(10, 2). */
export function toHourlyRate(value: string): Money {
  const rate = Money.parse(value, 'hourlyRate');
  if (rate.isNegative() || rate.compare(MAX_RATE) > 0) {
    throw new InvalidTechnicianFieldError(
      'hourlyRate',
      'hourlyRate must be between 0.00 and 99999999.99',
    );
  }
  return rate;
}
