import type { Readable } from 'node:stream';
import { normaliseSamEntity, Parsed, SamEntity } from '../../domain/contractor-record';

type Json = Record<string, unknown>;
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (v && typeof v === 'object' ? (v as Json)[key] : undefined),
    value,
  );

/** One element of the Entity API's `entityData` as a normalised entity. */
export function entityFromApi(item: unknown): SamEntity | string {
  const address = at(item, 'coreData', 'physicalAddress');
  const naicsList = at(item, 'assertions', 'goodsAndServices', 'naicsList');
  const primary = at(item, 'assertions', 'goodsAndServices', 'primaryNaics');
  const naicsEntry = Array.isArray(naicsList)
    ? (naicsList as Json[]).find((n) => n.naicsCode === primary)
    : undefined;
  const businessTypes = at(item, 'coreData', 'businessTypes', 'businessTypeList');
  const sbaTypes = at(item, 'coreData', 'businessTypes', 'sbaBusinessTypeList');
  const certifications: Record<string, boolean> = {};
  if (Array.isArray(sbaTypes))
    for (const t of sbaTypes as Json[]) {
      const name = { A4: 'sba_8a', JT: 'hubzone', XX: 'wosb', A6: 'sdvosb' }[
        String(t.sbaBusinessTypeCode)
      ];
      if (name) certifications[name] = true;
    }
  return normaliseSamEntity({
    uei: at(item, 'entityRegistration', 'ueiSAM'),
    cageCode: at(item, 'entityRegistration', 'cageCode'),
    legalBusinessName: at(item, 'entityRegistration', 'legalBusinessName'),
    dbaName: at(item, 'entityRegistration', 'dbaName'),
    registrationStatus: at(item, 'entityRegistration', 'registrationStatus'),
    registrationDate: at(item, 'entityRegistration', 'registrationDate'),
    addressLine1: at(address, 'addressLine1'),
    addressLine2: at(address, 'addressLine2'),
    city: at(address, 'city'),
    state: at(address, 'stateOrProvinceCode'),
    zipCode: at(address, 'zipCode'),
    country: at(address, 'countryCode'),
    congressionalDistrict: at(item, 'coreData', 'congressionalDistrict'),
    businessStartDate: at(item, 'coreData', 'entityInformation', 'entityStartDate'),
    fiscalYearEndDate: at(item, 'coreData', 'entityInformation', 'fiscalYearEndCloseDate'),
    entityStructure: at(item, 'coreData', 'generalInformation', 'entityStructureDesc'),
    organizationType: at(item, 'coreData', 'generalInformation', 'organizationStructureDesc'),
    naicsCode: primary,
    naicsDescription: naicsEntry?.naicsDescription,
    businessTypes: Array.isArray(businessTypes)
      ? (businessTypes as Json[]).map((t) => String(t.businessTypeCode))
      : [],
    certifications,
    employeeCount: at(item, 'coreData', 'financialInformation', 'employeeCount'),
    annualRevenue: at(item, 'coreData', 'financialInformation', 'annualRevenue'),
  });
}

/**
 * Streams the objects of the first `entityData` array of an Entity API response (or of a
 * top-level array) without holding the document: a scanner tracks strings and nesting and
 * hands each complete element to JSON.parse. Memory stays at one element.
 */
export async function* readJsonEntityArray(input: Readable): AsyncGenerator<unknown> {
  input.setEncoding('utf8'); // a character split across chunks is decoded whole
  // an object: TypeScript would otherwise narrow it across scan()'s changes
  const scanState: { state: 'before' | 'inside' | 'done' } = { state: 'before' };
  let before = ''; // text before the array, searched for `"entityData"` and its `[`
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escaped = false;
  let element: string[] = [];

  function* scan(text: string): Generator<unknown> {
    let from = depth > 0 ? 0 : -1;
    for (let k = 0; k < text.length; k++) {
      const c = text[k];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') {
        if (depth === 0) from = k;
        depth++;
      } else if (c === '}' || c === ']') {
        if (depth === 0) {
          // the array's own `]`: the rest of the document is not read
          scanState.state = 'done';
          return;
        }
        depth--;
        if (depth === 0) {
          element.push(text.slice(from, k + 1));
          from = -1;
          yield JSON.parse(element.join(''));
          element = [];
        }
      }
    }
    if (depth > 0 && from >= 0) element.push(text.slice(from));
  }

  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    if (scanState.state === 'done') break;
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    if (scanState.state === 'inside') {
      yield* scan(text);
      continue;
    }
    before += text;
    const trimmed = before.trimStart();
    let open = -1;
    if (trimmed.startsWith('[')) open = before.indexOf('[');
    else {
      const key = before.indexOf('"entityData"');
      if (key >= 0) open = before.indexOf('[', key);
      else if (before.length > 1_000_000) before = before.slice(-64);
    }
    if (open < 0) continue;
    scanState.state = 'inside';
    const rest = before.slice(open + 1);
    before = '';
    yield* scan(rest);
  }
  if (scanState.state === 'before') throw new Error('no "entityData" array in the file');
  if (depth > 0 || scanState.state === 'inside')
    throw new Error('the file ends inside the "entityData" array');
}

/** Each element of the file's `entityData` as an entity, or the reason it was refused. */
export async function* readSamJson(input: Readable): AsyncGenerator<Parsed<SamEntity>> {
  let n = 0;
  for await (const item of readJsonEntityArray(input)) {
    n++;
    const entity = entityFromApi(item);
    if (typeof entity === 'string') yield { ok: false, reason: `entity ${n}: ${entity}` };
    else yield { ok: true, sourceId: entity.uei, record: entity, raw: item as object };
  }
}
