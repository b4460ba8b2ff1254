import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { normaliseSamEntity, Parsed, SamEntity } from '../../domain/contractor-record';

/**
 * The columns of SAM.gov's public entity extract (V2, pipe-delimited) the profile is derived
 * from, by the extract's own field names. The file's first line after `BOF` names its columns
 * (in any order; others are kept in the raw record and otherwise ignored).
 */
export const SAM_EXTRACT_COLUMNS = {
  uei: 'UEI SAM',
  cageCode: 'CAGE CODE',
  registrationStatus: 'SAM EXTRACT CODE',
  registrationDate: 'INITIAL REGISTRATION DATE',
  legalBusinessName: 'LEGAL BUSINESS NAME',
  dbaName: 'DBA NAME',
  addressLine1: 'PHYSICAL ADDRESS LINE 1',
  addressLine2: 'PHYSICAL ADDRESS LINE 2',
  city: 'PHYSICAL ADDRESS CITY',
  state: 'PHYSICAL ADDRESS PROVINCE OR STATE',
  zipCode: 'PHYSICAL ADDRESS ZIP/POSTAL CODE',
  country: 'PHYSICAL ADDRESS COUNTRY CODE',
  congressionalDistrict: 'ENTITY CONGRESSIONAL DISTRICT',
  businessStartDate: 'ENTITY START DATE',
  fiscalYearEndDate: 'FISCAL YEAR END CLOSE DATE',
  entityStructure: 'ENTITY STRUCTURE',
  organizationType: 'ORGANIZATION TYPE',
  businessTypes: 'BUS TYPE STRING',
  naicsCode: 'PRIMARY NAICS',
  naicsDescription: 'PRIMARY NAICS DESCRIPTION',
  employeeCount: 'EMPLOYEE COUNT',
  annualRevenue: 'ANNUAL REVENUE',
  certifications: 'SBA BUSINESS TYPES STRING',
} as const satisfies Partial<Record<keyof SamEntity, string>>;

/** SAM's registration status codes (`SAM EXTRACT CODE`). */
const STATUS: Record<string, string> = {
  A: 'active',
  E: 'expired',
  '1': 'deleted',
  '2': 'deleted',
  '3': 'active',
  '4': 'active',
};

/** SBA certifications as the extract spells them (`A4~XX`), by the name profiles use. */
const CERTIFICATIONS: Record<string, string> = {
  A4: 'sba_8a',
  JT: 'hubzone',
  XX: 'wosb',
  A6: 'sdvosb',
};

const COLUMN_ENTRIES = Object.entries(SAM_EXTRACT_COLUMNS) as Array<[keyof SamEntity, string]>;

/** `A4~XX` → `{ sba_8a: true, wosb: true }`; codes it does not know are left out. */
function certificationsOf(codes: string | undefined): Record<string, boolean> {
  const certifications: Record<string, boolean> = {};
  if (!codes) return certifications;
  for (const code of codes.split('~')) {
    const name = CERTIFICATIONS[code.trim().slice(0, 2)];
    if (name) certifications[name] = true;
  }
  return certifications;
}

/**
 * Reads an extract line by line (never the whole file): `BOF` and `EOF` lines are skipped, the
 * first other line names the columns, and each following line is one entity or the reason it
 * was refused (with its line number).
 */
export async function* readSamExtract(input: Readable): AsyncGenerator<Parsed<SamEntity>> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let header: string[] | null = null;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '' || /^(BOF|EOF)\b/.test(line)) continue;
    const cells = line.split('|');
    if (!header) {
      header = cells.map((c) => c.trim().toUpperCase());
      if (!header.includes(SAM_EXTRACT_COLUMNS.uei))
        throw new Error(`the extract's header line names no "${SAM_EXTRACT_COLUMNS.uei}" column`);
      continue;
    }
    const raw: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) {
      const value = cells[i]?.trim();
      if (value) raw[header[i]] = value;
    }
    const fields: Partial<Record<keyof SamEntity, unknown>> = {};
    for (const [key, column] of COLUMN_ENTRIES) fields[key] = raw[column];
    const status = raw[SAM_EXTRACT_COLUMNS.registrationStatus];
    fields.registrationStatus = status ? (STATUS[status] ?? status) : undefined;
    fields.businessTypes = raw[SAM_EXTRACT_COLUMNS.businessTypes]?.split('~') ?? [];
    fields.certifications = certificationsOf(raw[SAM_EXTRACT_COLUMNS.certifications]);
    const entity = normaliseSamEntity(fields);
    if (typeof entity === 'string') yield { ok: false, reason: `line ${lineNo}: ${entity}` };
    else yield { ok: true, sourceId: entity.uei, record: entity, raw };
  }
  if (!header) throw new Error('the extract is empty');
}
