import type { DocumentMismatch } from './events/contractor-document.events';

/** Letters and digits only, upper case: OCR spacing and dashes do not decide a match. */
const compact = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

const POLICY_LABEL = /POLICY\s*(?:NUMBER|NO\.?|#|NUM\.?)\s*[:.]?\s*([A-Z0-9][A-Z0-9-]{2,40})/i;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const US_DATE = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g;

function validDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return null;
  return date.toISOString().slice(0, 10);
}

function datesIn(line: string): string[] {
  const found: string[] = [];
  for (const m of line.matchAll(ISO_DATE)) {
    const iso = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) found.push(iso);
  }
  for (const m of line.matchAll(US_DATE)) {
    const iso = validDate(Number(m[3]), Number(m[1]), Number(m[2]));
    if (iso) found.push(iso);
  }
  return found;
}

export interface CertificateReading {
  /** Policy numbers printed after a "Policy number" label. */
  policyNumbers: string[];
  /** Dates on lines that speak of expiry, ISO `YYYY-MM-DD`. */
  expirationDates: string[];
  /** Every date on the document. */
  dates: string[];
}

/** What a certificate of insurance's text says about its policy number and expiry. */
export function readCertificate(text: string): CertificateReading {
  const lines = text.split('\n');
  const policyNumbers = lines
    .map((line) => POLICY_LABEL.exec(line)?.[1]?.toUpperCase())
    .filter((n): n is string => Boolean(n));
  const expirationDates = lines.filter((l) => /EXP/i.test(l)).flatMap(datesIn);
  return { policyNumbers, expirationDates, dates: lines.flatMap(datesIn) };
}

/**
 * The fields of the certificate that disagree with the policy as typed: the policy number
 * must appear on the document (spacing and dashes aside), and so must the expiration date
 * (ISO or US notation). An empty list: the document matches.
 */
export function compareCertificate(
  text: string,
  policy: { policyNumber: string; expirationDate: string },
): DocumentMismatch[] {
  const reading = readCertificate(text);
  const mismatches: DocumentMismatch[] = [];
  const wanted = compact(policy.policyNumber);
  if (wanted.length === 0 || !compact(text).includes(wanted))
    mismatches.push({
      field: 'policyNumber',
      expected: policy.policyNumber,
      found: reading.policyNumbers[0] ?? null,
    });
  if (!reading.dates.includes(policy.expirationDate))
    mismatches.push({
      field: 'expirationDate',
      expected: policy.expirationDate,
      found: reading.expirationDates[0] ?? reading.dates[0] ?? null,
    });
  return mismatches;
}
