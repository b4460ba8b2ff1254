/**
 * One entity as the importers read it from a SAM.gov extract (pipe-delimited) or the Entity
 * API's JSON, normalised: what a contractor profile is derived from. Only `uei` and a name are
 * required; everything else may be missing from a source.
 */
export interface SamEntity {
  uei: string;
  cageCode: string | null;
  legalBusinessName: string | null;
  dbaName: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  zipCode: string | null;
  country: string | null;
  congressionalDistrict: string | null;
  businessStartDate: string | null;
  fiscalYearEndDate: string | null;
  naicsCode: string | null;
  naicsDescription: string | null;
  entityStructure: string | null;
  organizationType: string | null;
  businessTypes: string[];
  certifications: Record<string, boolean>;
  registrationDate: string | null;
  registrationStatus: string | null;
  employeeCount: number | null;
  annualRevenue: number | null;
}

/** A prime award as USAspending's prime-award extract gives it. */
export interface PrimeAward {
  awardId: string;
  recipientUei: string;
  /** Current total value of the award, in dollars. */
  value: number;
  startDate: string | null;
  endDate: string | null;
}

/** What one source record became: a record to store, or the reason it was refused. */
export type Parsed<T> =
  { ok: true; sourceId: string; record: T; raw: object } | { ok: false; reason: string };

const UEI = /^[A-Z0-9]{12}$/;
const STATE = /^[A-Z]{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const COMPACT_DATE = /^\d{8}$/;
const NAICS = /^\d{2,6}$/;

const text = (value: unknown, max: number): string | null => {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const s = String(value).trim();
  if (s === '') return null;
  return s.slice(0, max);
};

/** `20240131` or `2024-01-31` → `2024-01-31`; anything else (a day the calendar lacks too) is absent. */
export function isoDate(value: unknown): string | null {
  const s = text(value, 20);
  if (!s) return null;
  // read by position, not through a Date: three dates an entity, a million entities an import
  const compact = s.length === 8 && COMPACT_DATE.test(s);
  const iso = compact ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : s.slice(0, 10);
  if (!compact && !DATE.test(iso)) return null;
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) ? iso : null;
}

function daysIn(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

const number = (value: unknown): number | null => {
  const s = text(value, 30);
  if (!s) return null;
  const n = Number(s.replace(/[$,]/g, ''));
  return Number.isFinite(n) ? n : null;
};

/**
 * Checks and normalises one entity. The UEI (12 characters, letters and digits) and a name are
 * required; a malformed optional field is dropped rather than refusing the whole record.
 */
export function normaliseSamEntity(
  input: Partial<Record<keyof SamEntity, unknown>>,
): SamEntity | string {
  const uei = text(input.uei, 20)?.toUpperCase() ?? null;
  if (!uei) return 'missing UEI';
  if (!UEI.test(uei)) return `malformed UEI "${uei.slice(0, 12)}"`;
  const legalBusinessName = text(input.legalBusinessName, 500);
  const dbaName = text(input.dbaName, 500);
  if (!legalBusinessName && !dbaName) return 'missing legal business name';
  const state = text(input.state, 2)?.toUpperCase() ?? null;
  const naics = text(input.naicsCode, 10);
  const types = Array.isArray(input.businessTypes)
    ? input.businessTypes
    : typeof input.businessTypes === 'string'
      ? input.businessTypes.split(/[~,]/)
      : [];
  const employeeCount = number(input.employeeCount);
  const annualRevenue = number(input.annualRevenue);
  return {
    uei,
    cageCode: text(input.cageCode, 10)?.toUpperCase() ?? null,
    legalBusinessName,
    dbaName,
    addressLine1: text(input.addressLine1, 255),
    addressLine2: text(input.addressLine2, 255),
    city: text(input.city, 100),
    state: state && STATE.test(state) ? state : null,
    zipCode: text(input.zipCode, 10),
    country: text(input.country, 3)?.toUpperCase() ?? null,
    congressionalDistrict: text(input.congressionalDistrict, 10),
    businessStartDate: isoDate(input.businessStartDate),
    fiscalYearEndDate: text(input.fiscalYearEndDate, 5),
    naicsCode: naics && NAICS.test(naics) ? naics : null,
    naicsDescription: text(input.naicsDescription, 2000),
    entityStructure: text(input.entityStructure, 100),
    organizationType: text(input.organizationType, 100),
    businessTypes: [
      ...new Set(
        types.map((t) => String(t).trim().toUpperCase()).filter((t) => /^[A-Z0-9]{2,4}$/.test(t)),
      ),
    ],
    certifications:
      input.certifications &&
      typeof input.certifications === 'object' &&
      !Array.isArray(input.certifications)
        ? Object.fromEntries(
            Object.entries(input.certifications as Record<string, unknown>)
              .filter(([k, v]) => /^[a-z0-9_]{1,50}$/.test(k) && v === true)
              .map(([k]) => [k, true]),
          )
        : {},
    registrationDate: isoDate(input.registrationDate),
    registrationStatus: text(input.registrationStatus, 50),
    employeeCount:
      employeeCount !== null && Number.isInteger(employeeCount) && employeeCount >= 0
        ? employeeCount
        : null,
    annualRevenue:
      annualRevenue !== null && annualRevenue >= 0 && annualRevenue < 1e13 ? annualRevenue : null,
  };
}

/** Checks one prime award: an id, a well-formed recipient UEI and a finite value. */
export function normalisePrimeAward(
  input: Partial<Record<keyof PrimeAward, unknown>>,
): PrimeAward | string {
  const awardId = text(input.awardId, 255);
  if (!awardId) return 'missing award id';
  const recipientUei = text(input.recipientUei, 20)?.toUpperCase() ?? null;
  if (!recipientUei || !UEI.test(recipientUei)) return 'missing or malformed recipient UEI';
  const value = number(input.value);
  if (value === null || value < 0 || value >= 1e13) return 'missing or malformed award value';
  return {
    awardId,
    recipientUei,
    value: Math.round(value * 100) / 100,
    startDate: isoDate(input.startDate),
    endDate: isoDate(input.endDate),
  };
}
