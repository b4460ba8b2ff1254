/** The AI job types spec 002 names; processors behind AiJobProcessor run them. */
export const AI_JOB_TYPES = ['property_valuation', 'document_analysis'] as const;
export type AiJobType = (typeof AI_JOB_TYPES)[number];

export interface PricedComp {
  id: string;
  squareFeet: number;
  /** Decimal string with two places. */
  pricePerSqft: string;
}

export interface Valuation {
  arv: string;
  pricePerSqft: string;
  method: 'median_comp_price_per_sqft';
}

/**
 * After-repair value from comparable sales: the median of the comps' prices per square foot
 * times the subject's square feet. Null without a priced comp or a size to multiply.
 */
export function afterRepairValue(
  subjectSquareFeet: number | null,
  comps: readonly PricedComp[],
): Valuation | null {
  if (!subjectSquareFeet || comps.length === 0) return null;
  const cents = comps.map((c) => Math.round(Number(c.pricePerSqft) * 100)).sort((a, b) => a - b);
  const mid = Math.floor(cents.length / 2);
  const median = cents.length % 2 ? cents[mid] : Math.round((cents[mid - 1] + cents[mid]) / 2);
  return {
    arv: ((median * subjectSquareFeet) / 100).toFixed(2),
    pricePerSqft: (median / 100).toFixed(2),
    method: 'median_comp_price_per_sqft',
  };
}

/**
 * What of a job's output the ledger keeps. A valuation is amounts and property ids; an
 * analysis read a document that may name people (a seller's name beside an amount, an
 * address), so the ledger keeps only its type and the bare amounts and dates — the full
 * output stays in ai_jobs, which erasure deletes.
 */
export function ledgerResultOf(jobType: string, result: unknown): unknown {
  if (jobType !== 'document_analysis' || !result || typeof result !== 'object') return result;
  const r = result as {
    documentId?: unknown;
    documentType?: unknown;
    amounts?: Array<{ amount: string; currency: string }>;
    dates?: Array<{ date: string }>;
  };
  return {
    documentId: r.documentId ?? null,
    documentType: r.documentType ?? null,
    amounts: (r.amounts ?? []).map((a) => ({ amount: a.amount, currency: a.currency })),
    dates: (r.dates ?? []).map((d) => d.date),
  };
}
