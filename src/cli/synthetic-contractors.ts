import { SAM_EXTRACT_COLUMNS } from '../modules/portfolio/infrastructure/import/sam-extract.mapper';

/*
 * Realistic synthetic SAM.gov extracts and USAspending award files, for tests and benchmarks:
 * deterministic for a seed, generated line by line (memory flat for any size).
 */

const WORDS = [
  'Acme',
  'Apex',
  'Atlas',
  'Beacon',
  'Blue Ridge',
  'Cardinal',
  'Cascade',
  'Summit',
  'Liberty',
  'Patriot',
  'Pioneer',
  'Keystone',
  'Frontier',
  'Granite',
  'Harbor',
  'Horizon',
  'Ironwood',
  'Lakeshore',
  'Meridian',
  'Northstar',
  'Osprey',
  'Pinnacle',
  'Redstone',
  'Sentinel',
  'Silverline',
  'Sterling',
  'Trident',
  'Vanguard',
  'Westbrook',
  'Evergreen',
  'Falcon',
  'Guardian',
  'Heritage',
];
const KINDS = [
  'Technologies',
  'Solutions',
  'Systems',
  'Engineering',
  'Construction',
  'Logistics',
  'Consulting',
  'Defense',
  'Analytics',
  'Services',
  'Manufacturing',
  'Environmental',
  'Medical',
  'Aerospace',
];
const SUFFIXES = ['LLC', 'Inc', 'Corp', 'Group', 'LP', 'Co'];
const STATES = [
  'VA',
  'MD',
  'DC',
  'TX',
  'CA',
  'FL',
  'GA',
  'CO',
  'AL',
  'OH',
  'PA',
  'NY',
  'WA',
  'NC',
  'AZ',
  'MA',
  'IL',
  'MO',
  'SC',
  'UT',
  'NM',
  'OK',
  'TN',
  'NJ',
  'MI',
];
const CITIES: Record<string, string> = {
  VA: 'Arlington',
  MD: 'Bethesda',
  DC: 'Washington',
  TX: 'San Antonio',
  CA: 'San Diego',
  FL: 'Tampa',
  GA: 'Atlanta',
  CO: 'Colorado Springs',
  AL: 'Huntsville',
  OH: 'Dayton',
  PA: 'Philadelphia',
  NY: 'Rome',
  WA: 'Tacoma',
  NC: 'Fayetteville',
  AZ: 'Tucson',
  MA: 'Boston',
  IL: 'Chicago',
  MO: 'St. Louis',
  SC: 'Charleston',
  UT: 'Ogden',
  NM: 'Albuquerque',
  OK: 'Oklahoma City',
  TN: 'Nashville',
  NJ: 'Trenton',
  MI: 'Detroit',
};
const NAICS: Array<[string, string]> = [
  ['541512', 'Computer Systems Design Services'],
  ['541511', 'Custom Computer Programming Services'],
  ['541330', 'Engineering Services'],
  ['541611', 'Administrative Management and General Management Consulting Services'],
  ['236220', 'Commercial and Institutional Building Construction'],
  ['237310', 'Highway, Street, and Bridge Construction'],
  ['336411', 'Aircraft Manufacturing'],
  ['488190', 'Other Support Activities for Air Transportation'],
  ['561210', 'Facilities Support Services'],
  ['541715', 'Research and Development in the Physical, Engineering, and Life Sciences'],
  ['518210', 'Computing Infrastructure Providers, Data Processing, Web Hosting'],
  ['562910', 'Remediation Services'],
];
const BUSINESS_TYPES = ['2X', '27', '23', 'A2', 'A5', 'XS', 'QF', 'OY', '8W', 'LJ', 'MF'];
const STRUCTURES = ['2L', '2J', '2K', '8H', 'X6'];
const SBA = ['A4', 'JT', 'XX', 'A6'];
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/** A small, fast, seedable generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
const code = (rnd: () => number, length: number) =>
  Array.from({ length }, () => pick(rnd, [...ALNUM])).join('');
const date = (rnd: () => number, from: number, to: number) => {
  const year = from + Math.floor(rnd() * (to - from + 1));
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  return `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
};

/** The UEI of the n-th synthetic entity of a seed: the awards file refers to them. */
export function syntheticUei(seed: number, n: number): string {
  return code(random(seed * 1_000_003 + n), 12);
}

const HEADER = [
  SAM_EXTRACT_COLUMNS.uei,
  SAM_EXTRACT_COLUMNS.cageCode,
  SAM_EXTRACT_COLUMNS.registrationStatus,
  SAM_EXTRACT_COLUMNS.registrationDate,
  SAM_EXTRACT_COLUMNS.legalBusinessName,
  SAM_EXTRACT_COLUMNS.dbaName,
  SAM_EXTRACT_COLUMNS.addressLine1,
  SAM_EXTRACT_COLUMNS.addressLine2,
  SAM_EXTRACT_COLUMNS.city,
  SAM_EXTRACT_COLUMNS.state,
  SAM_EXTRACT_COLUMNS.zipCode,
  SAM_EXTRACT_COLUMNS.country,
  SAM_EXTRACT_COLUMNS.congressionalDistrict,
  SAM_EXTRACT_COLUMNS.businessStartDate,
  SAM_EXTRACT_COLUMNS.fiscalYearEndDate,
  SAM_EXTRACT_COLUMNS.entityStructure,
  SAM_EXTRACT_COLUMNS.businessTypes,
  SAM_EXTRACT_COLUMNS.naicsCode,
  SAM_EXTRACT_COLUMNS.naicsDescription,
  SAM_EXTRACT_COLUMNS.employeeCount,
  SAM_EXTRACT_COLUMNS.annualRevenue,
  SAM_EXTRACT_COLUMNS.certifications,
];

/** The lines of an extract of `entities` entities (BOF, header, entities, EOF). */
export function* samExtractLines(entities: number, seed = 1): Generator<string> {
  yield `BOF PUBLIC V2 00000000 ${new Date(Date.UTC(2026, 0, 1)).toISOString().slice(0, 10).replace(/-/g, '')} ${entities}`;
  yield HEADER.join('|');
  for (let n = 0; n < entities; n++) {
    const rnd = random(seed * 7_919 + n);
    const state = pick(rnd, STATES);
    const [naics, naicsDescription] = pick(rnd, NAICS);
    const name = `${pick(rnd, WORDS)} ${pick(rnd, KINDS)} ${pick(rnd, SUFFIXES)}`;
    const types = [...new Set([pick(rnd, BUSINESS_TYPES), pick(rnd, BUSINESS_TYPES)])];
    const sba = rnd() < 0.3 ? [pick(rnd, SBA)] : [];
    yield [
      syntheticUei(seed, n),
      code(rnd, 5),
      rnd() < 0.9 ? 'A' : 'E',
      date(rnd, 2005, 2025),
      `${name}${n % 97 === 0 ? '' : ` ${n}`}`.toUpperCase(),
      rnd() < 0.2 ? `${pick(rnd, WORDS)} ${pick(rnd, KINDS)}`.toUpperCase() : '',
      `${100 + Math.floor(rnd() * 9900)} ${pick(rnd, WORDS)} ${pick(rnd, ['St', 'Ave', 'Blvd', 'Pkwy'])}`,
      rnd() < 0.3 ? `Suite ${100 + Math.floor(rnd() * 900)}` : '',
      CITIES[state],
      state,
      String(10000 + Math.floor(rnd() * 89999)),
      'USA',
      String(1 + Math.floor(rnd() * 12)).padStart(2, '0'),
      date(rnd, 1970, 2022),
      '1231',
      pick(rnd, STRUCTURES),
      types.join('~'),
      naics,
      naicsDescription,
      String(1 + Math.floor(rnd() * 5000)),
      String(Math.round(rnd() * 50_000_000)),
      sba.map((s) => `${s}${date(rnd, 2026, 2030)}`).join('~'),
    ].join('|');
  }
  yield 'EOF PUBLIC V2';
}

/** The lines of a prime-award file: `perEntity` awards for each of the first `entities`. */
export function* primeAwardLines(entities: number, perEntity = 3, seed = 1): Generator<string> {
  yield 'contract_award_unique_key,award_id_piid,recipient_uei,current_total_value_of_award,period_of_performance_start_date,period_of_performance_current_end_date';
  for (let n = 0; n < entities; n++) {
    const rnd = random(seed * 104_729 + n);
    const uei = syntheticUei(seed, n);
    for (let k = 0; k < perEntity; k++) {
      const start = 2015 + Math.floor(rnd() * 10);
      const end = start + 1 + Math.floor(rnd() * 6);
      const value = (Math.round(rnd() * 500_000_000) / 100).toFixed(2);
      yield `CONT_AWD_${uei}_${k},"${code(rnd, 13)}",${uei},${value},${start}-01-01,${end}-12-31`;
    }
  }
}
