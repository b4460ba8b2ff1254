import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './migration-helpers';

/**
 * Spec 001's `contractor_profile_summary`, refreshed hourly: per state and primary NAICS code,
 * how many contractors, their contract totals and average rating. Its unique index lets the
 * refresh run CONCURRENTLY (readers never wait). Only the owner may refresh a materialized
 * view: a SECURITY DEFINER function does it for the application's job.
 */
export class CreateContractorProfileSummary1763780030200 implements MigrationInterface {
  name = 'CreateContractorProfileSummary1763780030200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE MATERIALIZED VIEW contractor_profile_summary AS
      SELECT coalesce(state, '')                        AS state,
             coalesce(naics_code, '')                   AS naics_code,
             count(*)::int                              AS contractor_count,
             coalesce(sum(total_contract_value), 0)     AS total_contract_value,
             coalesce(sum(active_contracts_count), 0)::int    AS active_contracts_count,
             coalesce(sum(completed_contracts_count), 0)::int AS completed_contracts_count,
             avg(average_contract_value)::numeric(15, 2) AS average_contract_value,
             avg(performance_rating)::numeric(3, 2)      AS average_performance_rating,
             now()                                      AS refreshed_at
        FROM contractor_profiles
       GROUP BY coalesce(state, ''), coalesce(naics_code, '')`);
    await q.query(
      `CREATE UNIQUE INDEX idx_profile_summary_state_naics ON contractor_profile_summary (state, naics_code)`,
    );
    await q.query(`CREATE FUNCTION portfolio_refresh_profile_summary() RETURNS void
      LANGUAGE sql SECURITY DEFINER SET search_path = public AS
      $$ REFRESH MATERIALIZED VIEW CONCURRENTLY contractor_profile_summary $$`);
    await q.query(`REVOKE ALL ON FUNCTION portfolio_refresh_profile_summary() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION portfolio_refresh_profile_summary() TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT ON contractor_profile_summary TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION portfolio_refresh_profile_summary()`);
    await q.query(`DROP MATERIALIZED VIEW contractor_profile_summary`);
  }
}
