/**
 * `INV-2026-000123`: the tenant's sequence for the year, zero-padded to six digits (a seventh
 * digit appears only after 999 999 invoices in a year, and the column holds 30 characters).
 */
export function formatInvoiceNumber(year: number, sequence: number): string {
  return `INV-${year}-${String(sequence).padStart(6, '0')}`;
}
