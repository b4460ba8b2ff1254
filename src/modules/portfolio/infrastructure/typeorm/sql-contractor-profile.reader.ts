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

/** The conditions of every filter but the name, each served by an index. */
function filterConditions(filter: ProfileFilter, param: (value: unknown) => string): string[] {
  const where: string[] = [];
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
  return where;
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
  where.push(...filterConditions(filter, param));
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

/** A word of a name query with the vocabulary words it may stand for, closest first. */
export interface NameTerm {
  term: string;
  words: string[];
}

/**
 * One vocabulary word for each word of a name query (`pinnacle`, `aerospace` for
 * `pinacle aerospce`), scored by pg_trgm word similarity of the words, in the query's order,
 * to the query. A name's relevance is the score of the best tier whose words it holds.
 */
export interface NameTier {
  words: string[];
  /** The score as PostgreSQL printed it (a `real`): it goes back as it came, cursors compare it. */
  score: string;
}

/** Ranked walks are built for queries of at most this many words (longer ones are rare and selective). */
export const MAX_TIER_TERMS = 4;
/** At most this many tiers a query: each query word keeps its closest corrections within it. */
export const MAX_TIERS = 64;

/**
 * The tiers a name query is ranked by: every combination of one correction per word, each
 * word keeping its closest corrections so that there are at most `MAX_TIERS`; null when the
 * query is not ranked that way (a word with digits, more than `MAX_TIER_TERMS` words), and
 * empty when a word has no correction (no name holds it).
 */
export function nameTierCandidates(terms: readonly NameTerm[]): string[][] | null {
  if (terms.length === 0 || terms.length > MAX_TIER_TERMS) return null;
  if (terms.some((t) => /[0-9]/.test(t.term))) return null;
  const perWord = Math.max(1, Math.floor(MAX_TIERS ** (1 / terms.length) + 1e-9));
  let combinations: string[][] = [[]];
  for (const { words } of terms) {
    const kept = words.slice(0, perWord);
    combinations = combinations.flatMap((c) => kept.map((w) => [...c, w]));
  }
  return combinations;
}

/** The tsquery of names holding every word of one of the tiers. */
const tiersTsQuery = (tiers: readonly NameTier[]) =>
  tiers.map((t) => `(${t.words.map(lexeme).join(' & ')})`).join(' | ');

/**
 * A name query ranked by tiers (`NameTier`), best first, newest first within a tier. For each
 * tier the names holding all its words come from a merge of the `(word, profile_id)` btree's
 * lists in id order, checked against the other filters, and the walk stops once the page is
 * full: the names of a tier are not all read, let alone scored. A name holding the words of
 * several tiers is listed under the best of them only (`better`: the tiers before it). The
 * cursor is the tier's score and the id; the tier it stopped in resumes below that id.
 */
export function rankedNameStatement(
  filter: ProfileFilter,
  options: ProfileListOptions,
  tiers: readonly NameTier[],
): ProfileSearchStatement {
  const terms = tiers[0].words.length;
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  // The tiers are rows of the statement's text, their number rounded up to a power of two
  // (the extra ones hold no word, so their walk finds nothing), and each walk's limit is 21 or
  // 101: the planner then estimates a generic plan as it does each custom one and keeps it
  // after a few runs, instead of planning every request (an array of tiers, or a limit bound
  // as a parameter, kept it planning: 0.7 ms a request), with few distinct texts.
  const slots = 2 ** Math.ceil(Math.log2(tiers.length));
  const rows = Array.from({ length: slots }, (_, i) => {
    const tier = tiers[i] ?? { words: Array<string>(terms).fill(''), score: '0' };
    const better = i === 0 || i >= tiers.length ? '' : tiersTsQuery(tiers.slice(0, i));
    return `(${[
      `${param(tier.score)}::real`,
      `${param(better)}::text`,
      ...tier.words.map((w) => `${param(w)}::text`),
    ].join(', ')})`;
  });
  const walkLimit = options.limit + 1 <= 21 ? 21 : 101;
  const columns = ['score', 'better', ...tiers[0].words.map((_, i) => `w${i + 1}`)];
  const walk: string[] = [`n1.word = t.w1`];
  const joins = tiers[0].words
    .slice(1)
    .map(
      (_, i) =>
        `JOIN contractor_profile_name_words n${i + 2} ON n${i + 2}.profile_id = n1.profile_id AND n${i + 2}.word = t.w${i + 2}`,
    );
  walk.push(...filterConditions(filter, param));
  walk.push(`(t.better = '' OR NOT to_tsvector('simple', p.name) @@ t.better::tsquery)`);
  const outer: string[] = [];
  const after = decodeSortedCursor(options.cursor, 'relevance', options.order);
  if (after) {
    const score = `${param(after[0])}::real`;
    outer.push(`t.score <= ${score}`);
    walk.push(
      `n1.profile_id < CASE WHEN t.score < ${score} THEN 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid ELSE ${param(after[1])}::uuid END`,
    );
  }
  const limit = param(options.limit + 1);
  const sql = `SELECT ${COLUMNS}, t.score AS score, t.score::text AS sort_key
         FROM (VALUES ${rows.join(', ')}) AS t(${columns.join(', ')})
        CROSS JOIN LATERAL (
          SELECT p.* FROM contractor_profile_name_words n1
            ${joins.join('\n            ')}
            JOIN contractor_profiles p ON p.id = n1.profile_id
           WHERE ${walk.join(' AND ')}
           ORDER BY n1.profile_id DESC LIMIT ${walkLimit}) p
        ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}
        ORDER BY t.score DESC, p.id DESC LIMIT ${limit}`;
  // the facets count every name holding the words of a tier
  const filterParams: unknown[] = [];
  const filterParam = (value: unknown) => `$${filterParams.push(value)}`;
  const filtered = [
    `to_tsvector('simple', p.name) @@ ${filterParam(tiersTsQuery(tiers))}::tsquery`,
    ...filterConditions(filter, filterParam),
  ];
  return { sql, params, sort: 'relevance', filtered, filterParams };
}

/** How long a name query's corrections and tiers are reused: the vocabulary changes only by imports. */
export const NAME_CORRECTIONS_TTL_MS = 60_000;
const NAME_CORRECTIONS_CACHED = 1_000;

interface NameCorrections {
  terms: NameTerm[];
  /** Null: not ranked by tiers (see `nameTierCandidates`). */
  tiers: NameTier[] | null;
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

  private readonly corrections = new Map<string, { value: NameCorrections; expires: number }>();

  /**
   * Each word of `q` (as the name index splits names) with the vocabulary words it is close to
   * by pg_trgm word similarity: typos (`pinacle` → `pinnacle`) and prefixes (`tech` →
   * `technologies`); words with digits are kept as they are. With them, the tiers the query is
   * ranked by, scored. Kept for `NAME_CORRECTIONS_TTL_MS` in the process: a query repeated
   * (the next page, another filter) costs one statement, the search.
   */
  private async nameCorrections(q: string): Promise<NameCorrections> {
    const now = Date.now();
    const cached = this.corrections.get(q);
    if (cached && cached.expires > now) return cached.value;
    const terms = (await this.db.manager.query(
      `SELECT term, words FROM portfolio_name_corrections($1, ${CORRECTIONS_PER_WORD})`,
      [q],
    )) as NameTerm[];
    const candidates = nameTierCandidates(terms);
    let tiers: NameTier[] | null = null;
    if (candidates) {
      const scored =
        candidates.length === 0
          ? []
          : ((await this.db.manager.query(
              `SELECT word_similarity($1, array_to_string(w.words, ' '))::real::text AS score
                 FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(j, k),
                      LATERAL (SELECT array(SELECT jsonb_array_elements_text(x.j)) AS words) w
                ORDER BY x.k`,
              [q, JSON.stringify(candidates)],
            )) as Array<{ score: string }>);
      tiers = candidates
        .map((words, i) => ({ words, score: scored[i].score, k: i }))
        .filter((t) => Number(t.score) >= NAME_THRESHOLD)
        .sort((a, b) => Number(b.score) - Number(a.score) || a.k - b.k)
        .map(({ words, score }) => ({ words, score }));
    }
    const value = { terms, tiers };
    if (this.corrections.size >= NAME_CORRECTIONS_CACHED) {
      for (const [key, entry] of this.corrections)
        if (entry.expires <= now || this.corrections.size >= NAME_CORRECTIONS_CACHED)
          this.corrections.delete(key);
    }
    this.corrections.set(q, { value, expires: now + NAME_CORRECTIONS_TTL_MS });
    return value;
  }

  /**
   * Whether a name query ranked on the GIN (not by tiers) is listed by name instead: its words
   * are so common that walking the name order is shorter (see `listsByName`). The share of
   * names holding each word or a correction comes from the name index's statistics (its most
   * common words; a rarer word reads as 0).
   */
  private async rankByName(terms: readonly NameTerm[]): Promise<boolean> {
    const [{ shares, profiles }] = (await this.db.manager.query(
      `SELECT array(SELECT coalesce((SELECT sum(c.share) FROM portfolio_common_name_words() c
                                      WHERE c.word = ANY(t.words)), 0)::float8
                      FROM jsonb_array_elements($1::jsonb) AS x(j),
                           LATERAL (SELECT array(SELECT jsonb_array_elements_text(x.j)) AS words) t) AS shares,
              (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'contractor_profiles'::regclass)::float8 AS profiles`,
      [JSON.stringify(terms.map((t) => [t.term, ...t.words]))],
    )) as Array<{ shares: number[]; profiles: number }>;
    const candidates = profiles * shares.reduce((f, share) => f * Math.min(1, share), 1);
    return listsByName(candidates, profiles);
  }

  async listProfiles(filter: ProfileFilter, options: ProfileListOptions): Promise<ProfilePage> {
    const nothing = (): ProfilePage => ({
      items: [],
      nextCursor: null,
      ...(options.facets ? { facets: { state: [], naics: [] } } : {}),
    });
    let statement: ProfileSearchStatement;
    if (filter.q === undefined) statement = profileSearchStatement(filter, options, null);
    else {
      const { terms, tiers } = await this.nameCorrections(filter.q);
      if (options.sort === 'relevance' && tiers !== null) {
        if (tiers.length === 0) return nothing();
        statement = rankedNameStatement(filter, options, tiers);
      } else {
        const nameQuery = nameTsQuery(terms);
        if (nameQuery === null) return nothing();
        statement = profileSearchStatement(
          filter,
          options,
          nameQuery,
          await this.rankByName(terms),
        );
      }
    }
    const { sql, params, sort, filtered, filterParams } = statement;
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
