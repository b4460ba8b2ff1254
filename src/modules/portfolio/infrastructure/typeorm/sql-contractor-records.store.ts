import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import {
  ApplyCounts,
  ContractorRecords,
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

/** Contract aggregates of the given recipients, recomputed from every stored award. */
const AGGREGATES_SQL = `
  UPDATE contractor_profiles p
     SET total_contract_value = a.total, active_contracts_count = a.active,
         completed_contracts_count = a.completed, average_contract_value = a.average
    FROM (SELECT data->>'recipient_uei' AS uei,
                 sum((data->>'value')::numeric) AS total,
                 count(*) FILTER (WHERE coalesce((data->>'end_date')::date >= $2::date, true))::int AS active,
                 count(*) FILTER (WHERE (data->>'end_date')::date < $2::date)::int AS completed,
                 round(avg((data->>'value')::numeric), 2) AS average
            FROM contractors
           WHERE source = 'usaspending-awards' AND data->>'recipient_uei' = ANY($1::text[])
           GROUP BY 1) a
   WHERE p.uei = a.uei
     AND (p.total_contract_value, p.active_contracts_count, p.completed_contracts_count, p.average_contract_value)
         IS DISTINCT FROM (a.total, a.active, a.completed, a.average)`;

/** Last one wins when a batch names the same source record twice. */
function distinct<T>(batch: readonly SourceRecord<T>[]): SourceRecord<T>[] {
  return [...new Map(batch.map((r) => [r.sourceId, r])).values()];
}

/**
 * Set-based writes, a few statements per batch whatever its size: raw rows are upserted and
 * only those whose data changed are touched; profiles are upserted by UEI, each incoming field
 * that is present replacing the stored one (two sources for one UEI merge field by field, the
 * latest import winning), and the sources that fed a profile are listed in its metadata.
 */
@Injectable()
export class SqlContractorRecordsStore extends ContractorRecords {
  constructor(private readonly db: Db) {
    super();
  }

  private async upsertRaw(source: ImportSource, batch: readonly SourceRecord<unknown>[]) {
    // A batch lost to a crash is imported again on resume (the progress commits with it), so
    // the import does not wait for each commit to reach the disk.
    await this.db.manager.query(`SET LOCAL synchronous_commit = off`);
    const rows = (await this.db.manager.query(
      `WITH input AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(source_id text, data jsonb))
       INSERT INTO contractors AS c (id, source, source_id, data)
       SELECT gen_random_uuid(), $1, source_id, data FROM input
       ON CONFLICT (source, source_id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()
         WHERE c.data IS DISTINCT FROM EXCLUDED.data
       RETURNING source_id, (xmax = 0) AS inserted`,
      [source, JSON.stringify(batch.map((r) => ({ source_id: r.sourceId, data: r.raw })))],
    )) as Array<{ source_id: string; inserted: boolean }>;
    const inserted = rows.filter((r) => r.inserted).length;
    return {
      changed: rows.map((r) => r.source_id),
      counts: { inserted, updated: rows.length - inserted, unchanged: batch.length - rows.length },
    };
  }

  async applyEntities(
    source: Exclude<ImportSource, 'usaspending-awards'>,
    input: readonly SourceRecord<SamEntity>[],
  ): Promise<ApplyCounts> {
    const batch = distinct(input);
    const { changed, counts } = await this.upsertRaw(source, batch);
    if (changed.length === 0) return counts;
    const wanted = new Set(changed);
    const profiles = batch
      .filter((r) => wanted.has(r.sourceId))
      .map((r) => ({
        uei: r.record.uei,
        name: r.record.legalBusinessName ?? r.record.dbaName,
        ...Object.fromEntries(PROFILE_FIELDS.map(([column, field]) => [column, r.record[field]])),
      }));
    const columns = PROFILE_FIELDS.map(([column]) => column);
    const types = PROFILE_FIELDS.map(([column, , type]) => `${column} ${type}`).join(', ');
    await this.db.manager.query(
      `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(uei text, name text, ${types}))
       INSERT INTO contractor_profiles AS p (id, uei, name, ${columns.join(', ')}, metadata, last_updated_date)
         SELECT gen_random_uuid(), uei, name, ${columns.join(', ')},
                jsonb_build_object('sources', jsonb_build_array($2::text)), now()
           FROM input
         ON CONFLICT (uei) DO UPDATE SET
           name = EXCLUDED.name,
           ${columns
             .map((c) =>
               c === 'business_types' || c === 'certifications'
                 ? `${c} = CASE WHEN EXCLUDED.${c} IN ('[]'::jsonb, '{}'::jsonb) THEN p.${c} ELSE EXCLUDED.${c} END`
                 : `${c} = coalesce(EXCLUDED.${c}, p.${c})`,
             )
             .join(',\n           ')},
           metadata = jsonb_set(coalesce(p.metadata, '{}'::jsonb), '{sources}',
             (SELECT jsonb_agg(DISTINCT s ORDER BY s) FROM jsonb_array_elements_text(
                coalesce(p.metadata->'sources', '[]'::jsonb) || jsonb_build_array($2::text)) s)),
           last_updated_date = now()`,
      [JSON.stringify(profiles), source],
    );
    // Raw rows link to their profile by UEI (an entity's source id). Both sides are found
    // through their unique indexes, whatever the planner thinks of the RLS filter's selectivity.
    await this.db.manager.query(
      `UPDATE contractors c SET contractor_profile_id = p.id
         FROM contractor_profiles p
        WHERE c.source = $1 AND c.source_id = ANY($2::text[]) AND p.uei = c.source_id
          AND c.contractor_profile_id IS DISTINCT FROM p.id`,
      [source, changed],
    );
    // awards imported before their recipient's profile
    await this.db.manager.query(AGGREGATES_SQL, [
      profiles.map((p) => p.uei),
      new Date().toISOString().slice(0, 10),
    ]);
    return counts;
  }

  async applyAwards(
    input: readonly SourceRecord<PrimeAward>[],
    today: string,
  ): Promise<ApplyCounts> {
    const batch = distinct(input);
    const { changed, counts } = await this.upsertRaw('usaspending-awards', batch);
    if (changed.length === 0) return counts;
    const wanted = new Set(changed);
    const recipients = [
      ...new Set(batch.filter((r) => wanted.has(r.sourceId)).map((r) => r.record.recipientUei)),
    ];
    await this.db.manager.query(AGGREGATES_SQL, [recipients, today]);
    return counts;
  }
}
