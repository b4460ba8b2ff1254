import { Injectable } from '@nestjs/common';
import { decodeSortedCursor, toPage } from '@opsledger/http';
import { Db } from '@opsledger/persistence';
import {
  ContractorProfileView,
  FacetCount,
  ProfileFilter,
  ProfileListOptions,
  ProfilePage,
  ProfileSort,
  ProfileSummaryView,
} from '../../application/queries/contractor-profile.read-model';
import { ContractorProfileReader } from '../../application/queries/contractor-profile.reader';

interface ProfileRow {
  id: string;
  uei: string | null;
  cage_code: string | null;
  name: string;
  dba_name: string | null;
  legal_business_name: string | null;
  address_line_1: string | null;
  address_line_2: string | null;
  city: string | null;
  state: string | null;
  zip_code: string | null;
  country: string | null;
  congressional_district: string | null;
  business_start_date: string | null;
  fiscal_year_end_date: string | null;
  naics_code: string | null;
  naics_description: string | null;
  entity_structure: string | null;
  organization_type: string | null;
  business_types: string[] | null;
  employee_count: number | null;
  annual_revenue: string | null;
  total_contract_value: string | null;
  active_contracts_count: number | null;
  completed_contracts_count: number | null;
  average_contract_value: string | null;
  certifications: Record<string, unknown> | null;
  performance_rating: string | null;
  capabilities: string[] | null;
  registration_date: string | null;
  registration_status: string | null;
  last_updated_date: Date | null;
  score?: number;
}

const COLUMNS = `p.id, p.uei, p.cage_code, p.name, p.dba_name, p.legal_business_name, p.address_line_1,
  p.address_line_2, p.city, p.state, p.zip_code, p.country, p.congressional_district,
  to_char(p.business_start_date, 'YYYY-MM-DD') AS business_start_date, p.fiscal_year_end_date, p.naics_code,
  p.naics_description, p.entity_structure, p.organization_type, p.business_types, p.employee_count,
  p.annual_revenue::text AS annual_revenue, p.total_contract_value::text AS total_contract_value,
  p.active_contracts_count, p.completed_contracts_count, p.average_contract_value::text AS average_contract_value,
  p.certifications, p.performance_rating::text AS performance_rating, p.capabilities,
  to_char(p.registration_date, 'YYYY-MM-DD') AS registration_date, p.registration_status, p.last_updated_date`;

/** Each sort is a key expression and the type its cursor value casts back to. */
const SORT_KEYS: Record<Exclude<ProfileSort, 'relevance'>, { key: string; cast: string }> = {
  name: { key: 'p.name', cast: 'text' },
  totalContractValue: { key: 'coalesce(p.total_contract_value, -1)', cast: 'numeric' },
  registrationDate: { key: `coalesce(p.registration_date, '0001-01-01'::date)`, cast: 'date' },
};

/** How close a name must be to `q` (pg_trgm word similarity): "acme tecnologies" finds "ACME TECHNOLOGIES LLC". */
const NAME_THRESHOLD = 0.45;

const toView = (r: ProfileRow): ContractorProfileView => ({
  id: r.id,
  uei: r.uei,
  cageCode: r.cage_code,
  name: r.name,
  dbaName: r.dba_name,
  legalBusinessName: r.legal_business_name,
  addressLine1: r.address_line_1,
  addressLine2: r.address_line_2,
  city: r.city,
  state: r.state,
  zipCode: r.zip_code,
  country: r.country,
  congressionalDistrict: r.congressional_district,
  businessStartDate: r.business_start_date,
  fiscalYearEndDate: r.fiscal_year_end_date,
  naicsCode: r.naics_code,
  naicsDescription: r.naics_description,
  entityStructure: r.entity_structure,
  organizationType: r.organization_type,
  businessTypes: r.business_types ?? [],
  employeeCount: r.employee_count,
  annualRevenue: r.annual_revenue,
  totalContractValue: r.total_contract_value,
  activeContractsCount: r.active_contracts_count ?? 0,
  completedContractsCount: r.completed_contracts_count ?? 0,
  averageContractValue: r.average_contract_value,
  certifications: r.certifications ?? {},
  performanceRating: r.performance_rating,
  capabilities: r.capabilities ?? [],
  registrationDate: r.registration_date,
  registrationStatus: r.registration_status,
  lastUpdatedDate: r.last_updated_date,
  ...(r.score !== undefined ? { score: Math.round(r.score * 1000) / 1000 } : {}),
});

/**
 * Whether a name query is listed in name order rather than ranked. Ranking reads every name
 * holding the query's words; listing by name walks the `(name, id)` index until a page of them
 * is found, about `page / share` names for words held by that share of all names. Past the
 * point where the walk is the shorter (`share² · profiles > page`, about 4,600 candidates at a
 * million profiles for the default page), the query's words are so common (`llc`) that their
 * names all score alike, and the list goes by name, the similarity threshold checked on the
 * way (docs/decisions.md). The default page decides whatever the request's `limit`, so every
 * page of one query comes the same way and its cursors stay valid.
 */
export const NAME_WALK_PAGE = 21;

export function listsByName(candidates: number, profiles: number, page = NAME_WALK_PAGE): boolean {
  return profiles > 0 && candidates * candidates > page * profiles;
}

/** Vocabulary words tried for each word of a name query (closest first). */
const CORRECTIONS_PER_WORD = 8;

/** A lexeme quoted for a tsquery literal. */
const lexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * The tsquery of a name query: every word of it, each as itself or one of its corrections
 * (`(pinacle | pinnacle) & (aerospce | aerospace)`); null when it holds no word.
 */
export function nameTsQuery(
  terms: ReadonlyArray<{ term: string; words: string[] }>,
): string | null {
  if (terms.length === 0) return null;
  return terms
    .map(({ term, words }) => `(${[...new Set([term, ...words])].map(lexeme).join(' | ')})`)
    .join(' & ');
}

export interface ProfileSearchStatement {
  sql: string;
  params: unknown[];
  sort: Exclude<ProfileSort, 'relevance'> | 'relevance';
  /** The filter's conditions alone (no cursor), and the parameters they use: for the facets. */
  filtered: string[];
  filterParams: unknown[];
}

/**
 * The search's SQL. Every filter is served by an index (a test runs EXPLAIN on each, as the
 * application role): name through the GIN on its words (`nameQuery`, from `nameTsQuery`)
 * ranked by pg_trgm word similarity, business types and certifications through their GIN,
 * UEI, CAGE, state and NAICS prefix through btrees. A list sorted by name walks the
 * `(name, id)` or `(state, name, id, naics_code)` btree and stops at the page's end when the
 * planner expects the filter to match often enough; the keyset cursor is a row comparison on
 * the index's own columns, so the walk starts at the cursor.
 */
export function profileSearchStatement(
  filter: ProfileFilter,
  options: ProfileListOptions,
  nameQuery: string | null,
  rankByName = false,
): ProfileSearchStatement {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  let similarity: string | null = null;
  if (filter.q !== undefined) {
    where.push(`to_tsvector('simple', p.name) @@ ${param(nameQuery ?? '')}::tsquery`);
    similarity = `word_similarity(${param(filter.q)}, p.name)`;
  }
  if (filter.uei !== undefined) where.push(`p.uei = ${param(filter.uei)}`);
  if (filter.cageCode !== undefined) where.push(`p.cage_code = ${param(filter.cageCode)}`);
  if (filter.state !== undefined) where.push(`p.state = ${param(filter.state)}`);
  if (filter.naics !== undefined) where.push(`p.naics_code LIKE ${param(`${filter.naics}%`)}`);
  if (filter.businessTypes?.length)
    where.push(`p.business_types @> ${param(JSON.stringify(filter.businessTypes))}::jsonb`);
  if (filter.certifications?.length)
    where.push(`p.certifications ?& ${param(filter.certifications)}::text[]`);
  if (filter.registrationStatus !== undefined)
    where.push(`p.registration_status = ${param(filter.registrationStatus)}`);
  if (filter.minContractValue !== undefined)
    where.push(`p.total_contract_value >= ${param(filter.minContractValue)}`);
  if (filter.maxContractValue !== undefined)
    where.push(`p.total_contract_value <= ${param(filter.maxContractValue)}`);
  // Ranked, the name's similarity is computed once per candidate, in a subquery the planner
  // keeps (OFFSET 0): the threshold, the order and the cursor all read it. Listed by name
  // (`rankByName`), it is checked on each row of the walk until the page is full.
  const ranked = similarity !== null && !rankByName;
  const score = ranked ? 'p.score' : null;
  if (similarity && !ranked) where.push(`${similarity} >= ${NAME_THRESHOLD}`);
  const outer: string[] = ranked ? [`p.score >= ${NAME_THRESHOLD}`] : where;
  const filtered = ranked ? [...where, `${similarity} >= ${NAME_THRESHOLD}`] : [...where];
  const filterParams = [...params];

  const sort = options.sort === 'relevance' && !score ? 'name' : options.sort;
  const { key, cast } = sort === 'relevance' ? { key: score!, cast: 'real' } : SORT_KEYS[sort];
  // relevance is best first whatever `order` says
  const descending = sort === 'relevance' ? true : options.order === 'desc';
  const after = decodeSortedCursor(options.cursor, sort, options.order);
  if (after)
    outer.push(
      `(${key}, p.id) ${descending ? '<' : '>'} (${param(after[0])}::${cast}, ${param(after[1])}::uuid)`,
    );
  const direction = descending ? 'DESC' : 'ASC';
  const clause = (conditions: string[]) =>
    conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const from = ranked
    ? `(SELECT p.*, ${similarity} AS score FROM contractor_profiles p ${clause(where)} OFFSET 0) p`
    : 'contractor_profiles p';
  const scoreColumn = score ?? (similarity ? `${similarity}` : null);
  const sql = `SELECT ${COLUMNS}${scoreColumn ? `, ${scoreColumn} AS score` : ''}, (${key})::text AS sort_key
         FROM ${from} ${clause(outer)}
        ORDER BY ${key} ${direction}, p.id ${direction} LIMIT ${param(options.limit + 1)}`;
  return { sql, params, sort, filtered, filterParams };
}

/** Profile search (see `profileSearchStatement`) and the hourly summary. */
@Injectable()
export class SqlContractorProfileReader extends ContractorProfileReader {
  constructor(private readonly db: Db) {
    super();
  }

  async getProfile(id: string): Promise<ContractorProfileView | null> {
    const rows = (await this.db.manager.query(
      `SELECT ${COLUMNS} FROM contractor_profiles p WHERE p.id = $1`,
      [id],
    )) as ProfileRow[];
    return rows[0] ? toView(rows[0]) : null;
  }

  async listSummaries(filter: { state?: string; naics?: string }): Promise<ProfileSummaryView[]> {
    const rows = (await this.db.manager.query(
      `SELECT state, naics_code, contractor_count, total_contract_value::text AS total_contract_value,
              active_contracts_count, completed_contracts_count, average_contract_value::text AS average_contract_value,
              average_performance_rating::text AS average_performance_rating, refreshed_at
         FROM contractor_profile_summary
        WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR naics_code LIKE $2 || '%')
        ORDER BY contractor_count DESC, state, naics_code LIMIT 200`,
      [filter.state ?? null, filter.naics ?? null],
    )) as Array<{
      state: string;
      naics_code: string;
      contractor_count: number;
      total_contract_value: string;
      active_contracts_count: number;
      completed_contracts_count: number;
      average_contract_value: string | null;
      average_performance_rating: string | null;
      refreshed_at: Date;
    }>;
    return rows.map((r) => ({
      state: r.state,
      naicsCode: r.naics_code,
      contractorCount: r.contractor_count,
      totalContractValue: r.total_contract_value,
      activeContractsCount: r.active_contracts_count,
      completedContractsCount: r.completed_contracts_count,
      averageContractValue: r.average_contract_value,
      averagePerformanceRating: r.average_performance_rating,
      refreshedAt: r.refreshed_at,
    }));
  }

  /**
   * Each word of `q` (as the name index splits names) with the vocabulary words it is close to
   * by pg_trgm word similarity: typos (`pinacle` → `pinnacle`) and prefixes (`tech` →
   * `technologies`). Words with digits are kept as they are.
   */
  private async nameQuery(q: string): Promise<{ query: string | null; rankByName: boolean }> {
    await this.db.manager.query(
      `SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`,
      [String(NAME_THRESHOLD)],
    );
    // with each word, the share of names holding it or one of its corrections, from the name
    // index's statistics (its most common words; a rarer word reads as 0)
    const terms = (await this.db.manager.query(
      `WITH terms AS (
         SELECT t.term, CASE WHEN t.term ~ '[0-9]' THEN '{}'::text[] ELSE ARRAY(
                  SELECT w.word FROM contractor_profile_words w WHERE t.term <% w.word
                   ORDER BY t.term <<-> w.word, w.word LIMIT ${CORRECTIONS_PER_WORD}) END AS words
           FROM unnest(tsvector_to_array(to_tsvector('simple', $1))) AS t(term)
       ), common AS (
         SELECT word, share FROM portfolio_common_name_words()
       )
       SELECT t.term, t.words,
              coalesce((SELECT sum(c.share) FROM common c WHERE c.word = ANY(t.term || t.words)), 0)::float8 AS share,
              (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'contractor_profiles'::regclass)::float8 AS profiles
         FROM terms t`,
      [q],
    )) as Array<{ term: string; words: string[]; share: number; profiles: number }>;
    const profiles = terms[0]?.profiles ?? 0;
    const candidates = profiles * terms.reduce((f, t) => f * Math.min(1, t.share), 1);
    return {
      query: nameTsQuery(terms),
      rankByName: listsByName(candidates, profiles),
    };
  }

  async listProfiles(filter: ProfileFilter, options: ProfileListOptions): Promise<ProfilePage> {
    const name = filter.q === undefined ? null : await this.nameQuery(filter.q);
    const nameQuery = name?.query ?? null;
    const { sql, params, sort, filtered, filterParams } = profileSearchStatement(
      filter,
      options,
      nameQuery,
      name?.rankByName ?? false,
    );
    if (filter.q !== undefined && nameQuery === null)
      return {
        items: [],
        nextCursor: null,
        ...(options.facets ? { facets: { state: [], naics: [] } } : {}),
      };
    const rows = (await this.db.manager.query(sql, params)) as Array<
      ProfileRow & { sort_key: string }
    >;
    const page: ProfilePage = toPage(rows, options.limit, toView, (r) => [
      sort,
      options.order,
      r.sort_key,
      r.id,
    ]);
    if (options.facets) {
      const facetWhere = filtered.length ? `WHERE ${filtered.join(' AND ')}` : '';
      const facet = async (column: string): Promise<FacetCount[]> =>
        (
          (await this.db.manager.query(
            `SELECT ${column} AS value, count(*)::int AS count FROM contractor_profiles p ${facetWhere}
              GROUP BY ${column} HAVING ${column} IS NOT NULL ORDER BY count(*) DESC, ${column} LIMIT 50`,
            filterParams,
          )) as FacetCount[]
        ).map((f) => ({ value: f.value, count: f.count }));
      page.facets = { state: await facet('p.state'), naics: await facet('p.naics_code') };
    }
    return page;
  }
}
