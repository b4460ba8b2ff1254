import { DocumentType } from './events/re-document.events';

/**
 * The offline document analysis: keyword rules that type a document (spec 002's
 * `document_type`) and regular expressions that pick its key fields out of its text. Rules,
 * not a model: each rule names what it matched, so an answer can be checked by reading it.
 */

interface Rule {
  type: Exclude<DocumentType, 'photo' | 'other'>;
  pattern: RegExp;
  /** Specific phrases (a title) weigh 3, telling words 1. */
  weight: number;
}

const rule = (type: Rule['type'], weight: number, ...phrases: string[]): Rule[] =>
  phrases.map((p) => ({
    type,
    weight,
    pattern: new RegExp(`\\b${p.replace(/ /g, '[\\s-]*')}\\b`, 'gi'),
  }));

const RULES: readonly Rule[] = [
  ...rule('hud1', 3, 'hud 1', 'hud1', 'a settlement statement'),
  ...rule('closing_statement', 3, 'closing statement', 'closing disclosure', 'alta settlement'),
  ...rule('inspection', 3, 'inspection report', 'home inspection', 'property inspection'),
  ...rule('inspection', 1, 'inspector', 'inspected', 'defects?', 'foundation', 'roof', 'hvac'),
  ...rule('appraisal', 3, 'appraisal report', 'uniform residential appraisal', 'appraised value'),
  ...rule('appraisal', 1, 'appraisal', 'appraiser', 'market value'),
  ...rule('title_search', 3, 'title search', 'title commitment', 'title report', 'chain of title'),
  ...rule('title_search', 1, 'liens?', 'encumbrances?', 'vesting'),
  ...rule('survey', 3, 'boundary survey', 'land survey', 'survey plat'),
  ...rule('survey', 1, 'surveyor', 'easements?', 'plat', 'monuments?'),
  ...rule('comp', 3, 'comparative market analysis', 'comparable sales', 'comps'),
  ...rule('comp', 1, 'comparables?', 'sold price', 'price per sq(uare)? f(ee)?t'),
  ...rule('counter_offer', 3, 'counter offer', 'counteroffer'),
  ...rule('offer', 3, 'offer to purchase', 'letter of intent', 'purchase offer'),
  ...rule('offer', 1, 'offer price', 'earnest money', 'offer expires'),
  ...rule('purchase_agreement', 3, 'purchase agreement', 'purchase and sale agreement'),
  ...rule('purchase_agreement', 3, 'real estate sales contract', 'sales contract'),
  ...rule('addendum', 3, 'addendum'),
  ...rule('addendum', 1, 'amendment'),
  ...rule('deed', 3, 'warranty deed', 'quitclaim deed', 'grant deed', 'deed of trust'),
  ...rule('deed', 1, 'grantor', 'grantee', 'conveys?'),
  // generic words: a contract only when no more specific paper matched
  ...rule('contract', 1, 'contract', 'agreement', 'hereinafter', 'the parties', 'witness whereof'),
  ...rule('receipt', 3, 'receipt'),
  ...rule('receipt', 1, 'paid', 'payment received', 'amount paid', 'total due', 'invoice'),
];

/** Types in the order of their first rule: the tie-break. */
const RULE_ORDER = [...new Set(RULES.map((r) => r.type))];

/** An image whose text is shorter than this is a picture, not a scanned paper. */
const PHOTO_MAX_CHARACTERS = 20;

export interface DocumentClassification {
  documentType: DocumentType;
  /** The rule phrases found, most weighty first; empty for `photo` and `other`. */
  matched: string[];
  /** The winning type's share of every rule's score (0–1, two decimals). */
  confidence: number;
}

/**
 * The type whose rules score highest (occurrences × weight); ties go to the type listed
 * first above (more specific papers first). An image with (almost) no text is a `photo`;
 * text that matches no rule is `other`.
 */
export function classifyDocument(text: string, isImage: boolean): DocumentClassification {
  if (isImage && text.replace(/\s/g, '').length < PHOTO_MAX_CHARACTERS)
    return { documentType: 'photo', matched: [], confidence: 1 };
  const scores = new Map<DocumentType, number>();
  const found = new Map<DocumentType, Array<{ phrase: string; weight: number }>>();
  let total = 0;
  for (const r of RULES) {
    const hits = text.match(r.pattern);
    if (!hits) continue;
    const score = hits.length * r.weight;
    total += score;
    scores.set(r.type, (scores.get(r.type) ?? 0) + score);
    const phrases = found.get(r.type) ?? [];
    phrases.push({ phrase: hits[0].toLowerCase().replace(/\s+/g, ' '), weight: r.weight });
    found.set(r.type, phrases);
  }
  let best: DocumentType = 'other';
  let bestScore = 0;
  for (const type of RULE_ORDER) {
    const score = scores.get(type) ?? 0;
    if (score > bestScore) {
      best = type;
      bestScore = score;
    }
  }
  if (bestScore === 0) return { documentType: 'other', matched: [], confidence: 0 };
  return {
    documentType: best,
    matched: (found.get(best) ?? [])
      .sort((a, b) => b.weight - a.weight)
      .map((p) => p.phrase)
      .filter((p, i, all) => all.indexOf(p) === i),
    confidence: Math.round((bestScore / total) * 100) / 100,
  };
}

export interface FoundAmount {
  /** Decimal string with two places. */
  amount: string;
  /** ISO 4217. */
  currency: string;
  /** The words before it on its line (`Purchase Price`), if any. */
  label: string | null;
  text: string;
}

export interface FoundDate {
  /** YYYY-MM-DD. */
  date: string;
  label: string | null;
  text: string;
}

export interface DocumentKeyFields {
  amounts: FoundAmount[];
  dates: FoundDate[];
  addresses: string[];
  parcelNumbers: string[];
}

const CURRENCY_SYMBOLS: Record<string, string> = { $: 'USD', US$: 'USD', '€': 'EUR', '£': 'GBP' };
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
const AMOUNT_BEFORE = new RegExp(String.raw`(US\$|\$|€|£|\b(?:USD|EUR|GBP)\s?)\s?${NUMBER}`, 'gi');
const AMOUNT_AFTER = new RegExp(String.raw`(?<![\d.,$€£])${NUMBER}\s?(USD|EUR|GBP)\b`, 'gi');

const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const US_DATE = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g;
const LONG_DATE =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})\b/gi;

const STREET_SUFFIX =
  'street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|lane|ln|court|ct|way|place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy';
const ADDRESS = new RegExp(
  String.raw`\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Za-z0-9]+\s+){0,3}?(?:${STREET_SUFFIX})\b\.?(?:,?\s+[A-Za-z .]+,?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?)?`,
  'gi',
);
const PARCEL =
  /\b(?:APN|parcel(?:\s+(?:no|number|id))?|tax\s+id)\s*[.:#]?\s*(?:no\.?\s*)?([A-Z0-9][A-Z0-9-]{4,24})\b/gi;

/** The words before `index` on the same line, up to a colon: a field's label. */
function labelBefore(text: string, index: number): string | null {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const before = text
    .slice(lineStart, index)
    .replace(/[:#=\-–\s]+$/, '')
    .trim();
  const words = before.split(/\s+/).slice(-4).join(' ');
  return /[A-Za-z]/.test(words) ? words : null;
}

function isoDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return null;
  if (year < 1800 || year > 2200) return null;
  return d.toISOString().slice(0, 10);
}

const cents = (whole: string, fraction: string | undefined) =>
  `${whole.replace(/,/g, '')}.${(fraction ?? '').padEnd(2, '0')}`;

/** Amounts with a currency, dates, street addresses and parcel numbers, in reading order. */
export function findKeyFields(text: string): DocumentKeyFields {
  const amounts: Array<FoundAmount & { at: number }> = [];
  for (const m of text.matchAll(AMOUNT_BEFORE)) {
    const symbol = m[1].trim().toUpperCase();
    amounts.push({
      at: m.index,
      amount: cents(m[2], m[3]),
      currency: CURRENCY_SYMBOLS[symbol] ?? symbol,
      label: labelBefore(text, m.index),
      text: m[0].trim(),
    });
  }
  for (const m of text.matchAll(AMOUNT_AFTER))
    amounts.push({
      at: m.index,
      amount: cents(m[1], m[2]),
      currency: m[3].toUpperCase(),
      label: labelBefore(text, m.index),
      text: m[0].trim(),
    });

  const dates: Array<FoundDate & { at: number }> = [];
  const addDate = (at: number, raw: string, date: string | null) => {
    if (date) dates.push({ at, date, label: labelBefore(text, at), text: raw });
  };
  for (const m of text.matchAll(ISO_DATE))
    addDate(m.index, m[0], isoDate(Number(m[1]), Number(m[2]), Number(m[3])));
  for (const m of text.matchAll(US_DATE))
    addDate(m.index, m[0], isoDate(Number(m[3]), Number(m[1]), Number(m[2])));
  for (const m of text.matchAll(LONG_DATE)) {
    const month = MONTHS.indexOf(m[1].slice(0, 3).toLowerCase() as (typeof MONTHS)[number]) + 1;
    addDate(m.index, m[0], isoDate(Number(m[3]), month, Number(m[2])));
  }

  const byPosition = <T extends { at: number }>(items: T[]): Array<Omit<T, 'at'>> =>
    items.sort((a, b) => a.at - b.at).map(({ at: _at, ...rest }) => rest);
  const unique = (items: string[]) => [...new Set(items)];
  return {
    amounts: byPosition(amounts),
    dates: byPosition(dates),
    addresses: unique([...text.matchAll(ADDRESS)].map((m) => m[0].replace(/\s+/g, ' ').trim())),
    parcelNumbers: unique([...text.matchAll(PARCEL)].map((m) => m[1].toUpperCase())),
  };
}
