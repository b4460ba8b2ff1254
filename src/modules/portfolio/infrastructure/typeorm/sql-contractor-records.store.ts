import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import {
  ApplyCounts,
  ContractorRecords,
  PreparedBatch,
  SourceRecord,
} from '../../application/contractor-records.port';
import { PrimeAward, SamEntity } from '../../domain/contractor-record';
import { ImportSource } from '../../domain/events/portfolio-import.events';

/** The profile columns an entity sets, with the record field each comes from. */
const PROFILE_FIELDS: Array<[column: string, field: keyof SamEntity, type: string]> = [
  ['cage_code', 'cageCode', 'text'],
  ['legal_business_name', 'legalBusinessName', 'text'],
  ['dba_name', 'dbaName', 'text'],
  ['address_line_1', 'addressLine1', 'text'],
  ['address_line_2', 'addressLine2', 'text'],
  ['city', 'city', 'text'],
  ['state', 'state', 'text'],
  ['zip_code', 'zipCode', 'text'],
  ['country', 'country', 'text'],
  ['congressional_district', 'congressionalDistrict', 'text'],
  ['business_start_date', 'businessStartDate', 'date'],
  ['fiscal_year_end_date', 'fiscalYearEndDate', 'text'],
  ['naics_code', 'naicsCode', 'text'],
  ['naics_description', 'naicsDescription', 'text'],
  ['entity_structure', 'entityStructure', 'text'],
  ['organization_type', 'organizationType', 'text'],
  ['business_types', 'businessTypes', 'jsonb'],
  ['certifications', 'certifications', 'jsonb'],
  ['registration_date', 'registrationDate', 'date'],
  ['registration_status', 'registrationStatus', 'text'],
  ['employee_count', 'employeeCount', 'int'],
  ['annual_revenue', 'annualRevenue', 'numeric'],
];

/** The award columns the aggregates are computed from, as of `today`. */
const AWARD_TOTALS = (today: string) => `sum((data->>'value')::numeric) AS total,
         count(*) FILTER (WHERE coalesce((data->>'end_date')::date >= ${today}, true))::int AS active,
         count(*) FILTER (WHERE (data->>'end_date')::date < ${today})::int AS completed,
         round(avg((data->>'value')::numeric), 2) AS average`;

/** Contract aggregates of the given recipients, recomputed from every stored award. */
const AGGREGATES_SQL = `
  UPDATE contractor_profiles p
     SET total_contract_value = a.total, active_contracts_count = a.active,
         completed_contracts_count = a.completed, average_contract_value = a.average
    FROM (SELECT data->>'recipient_uei' AS uei, ${AWARD_TOTALS('$2::date')}
            FROM contractors
           WHERE source = 'usaspending-awards' AND data->>'recipient_uei' = ANY($1::text[])
           GROUP BY 1) a
   WHERE p.uei = a.uei
     AND (p.total_contract_value, p.active_contracts_count, p.completed_contracts_count, p.average_contract_value)
         IS DISTINCT FROM (a.total, a.active, a.completed, a.average)`;

/** A profile's aggregate columns: replaced only when the recipient has stored awards. */
const AGGREGATE_COLUMNS = [
  'total_contract_value',
  'active_contracts_count',
  'completed_contracts_count',
  'average_contract_value',
];

/**
 * An import into a table holding at most this many profiles sets the search indexes aside and
 * builds them at its end: searching that few rows without them stays fast, and building an
 * index once is far cheaper than inserting each row into it (docs/performance.md, "Portfolio").
 */
export const BULK_LOAD_MAX_PROFILES = 50_000;

/**
 * A version 7 UUID (RFC 9562): the time in milliseconds, then random bits. The rows of one
 * import get ids in increasing order, so each primary key grows at its right edge instead of
 * taking inserts all over its pages (which, past the cache, costs a read and a write each).
 */
export function timeOrderedUuid(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  const random = randomUUID(); // version 4: its variant bits are kept, its version replaced
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

const PROFILE_COLUMNS = PROFILE_FIELDS.map(([column]) => column);
/** The profile's fields read from a record's array (after its first six entries). */
const PROFILE_VALUES = PROFILE_FIELDS.map(([column, , type], i) =>
  type === 'jsonb' ? `r->${i + 6} AS ${column}` : `(r->>${i + 6})::${type} AS ${column}`,
).join(', ');
const HAS_AWARDS = `EXCLUDED.active_contracts_count + EXCLUDED.completed_contracts_count > 0`;

/**
 * An entity batch's one statement ($1 the source, $2 the records as arrays, $3 today, $4 their
 * source ids): profiles, raw rows already linked to them, the name vocabulary and words, and
 * the aggregates of awards stored before their recipient.
 */
const ENTITIES_SQL = `WITH input AS (
         SELECT r->>0 AS source_id, r->1 AS data, r->>2 AS uei, r->>3 AS name,
                (r->>4)::uuid AS profile_id, (r->>5)::uuid AS raw_id, ${PROFILE_VALUES}
           FROM jsonb_array_elements($2::jsonb) AS x(r)
       ), awards AS (
         -- awards imported before their recipient's profile
         SELECT data->>'recipient_uei' AS uei, ${AWARD_TOTALS('$3::date')} FROM contractors
          WHERE source = 'usaspending-awards' AND data->>'recipient_uei' = ANY($4::text[])
          GROUP BY 1
       ), changed AS (
         -- each stored row through the unique index on both its columns (a correlated
         -- subquery is never turned into a join: without statistics for the table, a join may
         -- read every row of the source at each batch)
         SELECT i.* FROM input i
          WHERE (SELECT c.data FROM contractors c WHERE c.source = $1 AND c.source_id = i.source_id)
                IS DISTINCT FROM i.data
       ), upserted AS (
         INSERT INTO contractor_profiles AS p (id, uei, name, ${PROFILE_COLUMNS.join(', ')},
                ${AGGREGATE_COLUMNS.join(', ')}, metadata, last_updated_date)
         SELECT ch.profile_id, ch.uei, ch.name, ${PROFILE_COLUMNS.map((c) => `ch.${c}`).join(', ')},
                a.total, coalesce(a.active, 0), coalesce(a.completed, 0), a.average,
                jsonb_build_object('sources', jsonb_build_array($1::text)), now()
           FROM changed ch LEFT JOIN awards a ON a.uei = ch.uei
         ON CONFLICT (uei) DO UPDATE SET
           name = EXCLUDED.name,
           ${PROFILE_COLUMNS.map((c) =>
             c === 'business_types' || c === 'certifications'
               ? `${c} = CASE WHEN EXCLUDED.${c} IN ('[]'::jsonb, '{}'::jsonb) THEN p.${c} ELSE EXCLUDED.${c} END`
               : `${c} = coalesce(EXCLUDED.${c}, p.${c})`,
           ).join(',\n           ')},
           ${AGGREGATE_COLUMNS.map((c) => `${c} = CASE WHEN ${HAS_AWARDS} THEN EXCLUDED.${c} ELSE p.${c} END`).join(',\n           ')},
           metadata = jsonb_set(coalesce(p.metadata, '{}'::jsonb), '{sources}',
             (SELECT jsonb_agg(DISTINCT s ORDER BY s) FROM jsonb_array_elements_text(
                coalesce(p.metadata->'sources', '[]'::jsonb) || jsonb_build_array($1::text)) s)),
           last_updated_date = now()
         RETURNING p.id, p.uei, (p.xmax = 0) AS inserted
       ), raw AS (
         INSERT INTO contractors AS c (id, source, source_id, data, contractor_profile_id)
         SELECT ch.raw_id, $1, ch.source_id, ch.data, pr.id
           FROM changed ch JOIN upserted pr ON pr.uei = ch.uei
         ON CONFLICT (source, source_id) DO UPDATE
           SET data = EXCLUDED.data, updated_at = now(), contractor_profile_id = EXCLUDED.contractor_profile_id
           WHERE c.data IS DISTINCT FROM EXCLUDED.data
         RETURNING (xmax = 0) AS inserted
       ), lexemes AS (
         -- the words of the names, as the name index splits them, without those with digits
         SELECT ch.uei, w FROM changed ch, unnest(tsvector_to_array(to_tsvector('simple', ch.name))) w
          WHERE w !~ '[0-9]'
       ), words AS (
         INSERT INTO contractor_profile_words (word)
         SELECT DISTINCT w FROM lexemes
         ON CONFLICT DO NOTHING
       ), stale_name_words AS (
         -- an updated profile's words are written again: those of its stored name go, each
         -- found through the (word, profile_id) index (every part of the statement reads the
         -- tables as they were, so this sees the old name and none of the new rows)
         DELETE FROM contractor_profile_name_words nw
          USING upserted pr JOIN contractor_profiles old ON old.id = pr.id,
                unnest(tsvector_to_array(to_tsvector('simple', old.name))) ow
          WHERE NOT pr.inserted AND nw.word = ow AND nw.profile_id = pr.id
       ), name_words AS (
         -- each word of each name with its profile, for name search's ranked walk (see the reader)
         INSERT INTO contractor_profile_name_words (word, profile_id)
         SELECT l.w, pr.id FROM lexemes l JOIN upserted pr ON pr.uei = l.uei
       )
       SELECT count(*)::int AS changed, (count(*) FILTER (WHERE inserted))::int AS inserted FROM raw`;

interface PreparedEntities extends PreparedBatch {
  kind: 'entities';
  source: Exclude<ImportSource, 'usaspending-awards'>;
  /** JSON: one array a record. */
  rows: string;
  sourceIds: string[];
}

interface PreparedAwards extends PreparedBatch {
  kind: 'awards';
  today: string;
  /** JSON: `{ source_id, data }` a record. */
  rows: string;
  /** Each award's recipient UEI, by its source id. */
  recipients: Map<string, string>;
}

/** Last one wins when a batch names the same source record twice. */
function distinct<T>(batch: readonly SourceRecord<T>[]): SourceRecord<T>[] {
  return [...new Map(batch.map((r) => [r.sourceId, r])).values()];
}

/**
 * Set-based writes, one statement per batch whatever its size (two for awards). Raw rows are
 * upserted and only those whose data changed are touched; profiles are upserted by UEI, each
 * incoming field that is present replacing the stored one (two sources for one UEI merge field
 * by field, the latest import winning), and the sources that fed a profile are listed in its
 * metadata. A new profile gets its contract aggregates from awards stored before it, and the
 * words of its name join the vocabulary name search corrects typos against.
 */
@Injectable()
export class SqlContractorRecordsStore extends ContractorRecords {
  constructor(private readonly db: Db) {
    super();
  }

  /**
   * A batch lost to a crash is imported again on resume (the progress commits with it), so the
   * import does not wait for each commit to reach the disk. The batch's statement is large in
   * the planner's eyes and cheap per row: compiling it (JIT) would cost more than it saves.
   */
  private async tuneBatchTransaction() {
    await this.db.manager.query(
      `SET LOCAL synchronous_commit = off; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'`,
    );
  }

  /** The awards' raw rows; answers the source ids of those inserted or changed. */
  private async upsertRawAwards(batch: PreparedAwards) {
    await this.tuneBatchTransaction();
    const written = (await this.db.manager.query(
      `WITH input AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(source_id text, data jsonb))
       INSERT INTO contractors AS c (id, source, source_id, data)
       SELECT gen_random_uuid(), $1, source_id, data FROM input
       ON CONFLICT (source, source_id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()
         WHERE c.data IS DISTINCT FROM EXCLUDED.data
       RETURNING source_id, (xmax = 0) AS inserted`,
      ['usaspending-awards' satisfies ImportSource, batch.rows],
    )) as Array<{ source_id: string; inserted: boolean }>;
    const inserted = written.filter((r) => r.inserted).length;
    return {
      changed: written.map((r) => r.source_id),
      counts: {
        inserted,
        updated: written.length - inserted,
        unchanged: batch.size - written.length,
      },
    };
  }

  /**
   * Each record as an array (source id, raw data, UEI, name, the ids a new profile and a new
   * raw row take, then PROFILE_FIELDS): no field names for PostgreSQL to read, copy and sort on
   * every row, only the raw record's. The records themselves can go once this is made.
   */
  prepareEntities(
    source: Exclude<ImportSource, 'usaspending-awards'>,
    input: readonly SourceRecord<SamEntity>[],
  ): PreparedBatch {
    const batch = distinct(input);
    const now = Date.now();
    const rows = batch.map((r) => [
      r.sourceId,
      r.raw,
      r.record.uei,
      r.record.legalBusinessName ?? r.record.dbaName,
      timeOrderedUuid(now),
      timeOrderedUuid(now),
      ...PROFILE_FIELDS.map(([, field]) => r.record[field]),
    ]);
    const prepared: PreparedEntities = {
      kind: 'entities',
      source,
      size: batch.length,
      rows: JSON.stringify(rows),
      sourceIds: batch.map((r) => r.sourceId),
    };
    return prepared;
  }

  prepareAwards(input: readonly SourceRecord<PrimeAward>[], today: string): PreparedBatch {
    const batch = distinct(input);
    const prepared: PreparedAwards = {
      kind: 'awards',
      size: batch.length,
      today,
      rows: JSON.stringify(batch.map((r) => ({ source_id: r.sourceId, data: r.raw }))),
      recipients: new Map(batch.map((r) => [r.sourceId, r.record.recipientUei])),
    };
    return prepared;
  }

  apply(batch: PreparedBatch): Promise<ApplyCounts> {
    const prepared = batch as PreparedEntities | PreparedAwards;
    return prepared.kind === 'entities' ? this.applyEntities(prepared) : this.applyAwards(prepared);
  }

  /**
   * One statement: the records whose raw data differs from the stored row (`changed`) upsert
   * their profile first, so their raw row is written once, already linked to it (an entity's
   * source id is its UEI).
   */
  private async applyEntities(batch: PreparedEntities): Promise<ApplyCounts> {
    await this.tuneBatchTransaction();
    const [result] = (await this.db.manager.query(ENTITIES_SQL, [
      batch.source,
      batch.rows,
      new Date().toISOString().slice(0, 10),
      batch.sourceIds,
    ])) as Array<{ changed: number; inserted: number }>;
    return {
      inserted: result.inserted,
      updated: result.changed - result.inserted,
      unchanged: batch.size - result.changed,
    };
  }

  /** Stores the awards, then recomputes the contract aggregates of the recipients of those that changed. */
  private async applyAwards(batch: PreparedAwards): Promise<ApplyCounts> {
    const { changed, counts } = await this.upsertRawAwards(batch);
    if (changed.length === 0) return counts;
    const recipients = [...new Set(changed.map((sourceId) => batch.recipients.get(sourceId)))];
    await this.db.manager.query(AGGREGATES_SQL, [recipients, batch.today]);
    return counts;
  }

  async prepareLoad(): Promise<void> {
    await this.db.manager.query(`SELECT portfolio_suspend_search_indexes($1)`, [
      BULK_LOAD_MAX_PROFILES,
    ]);
  }

  /**
   * One index a statement, so each build stays within the pool's statement timeout; an index
   * another builder holds is skipped (its transaction builds it), so builders side by side
   * share the list.
   */
  async finishLoad(): Promise<void> {
    for (;;) {
      const [{ built }] = (await this.db.manager.query(
        `SELECT portfolio_restore_search_index() AS built`,
      )) as Array<{ built: string | null }>;
      if (built === null) return;
    }
  }

  async refreshStatistics(): Promise<void> {
    // ANALYZE is the owner's: a SECURITY DEFINER function runs it for the importer
    await this.db.manager.query(`SELECT portfolio_analyze_profiles()`);
  }
}
