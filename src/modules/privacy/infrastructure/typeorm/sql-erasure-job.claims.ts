import { Injectable } from '@nestjs/common';
import { Db } from '@opsledger/persistence';
import { ErasureClaim, ErasureJobClaims } from '../../application/erasure-job.claims';

/**
 * Claims in system scope. The attempt number is the lease's fence: a worker whose lease ran
 * out and was taken over finds its renewal refused and stops.
 */
@Injectable()
export class SqlErasureJobClaims extends ErasureJobClaims {
  constructor(private readonly db: Db) {
    super();
  }

  claimDue(leaseMs: number): Promise<ErasureClaim | null> {
    return this.db.transaction(async () => {
      const rows = (await this.db.manager.query(
        `UPDATE erasure_requests SET attempts = attempts + 1, lease_until = now() + $1 * interval '1 millisecond'
          WHERE id = (
            SELECT id FROM erasure_requests
             WHERE status IN ('scheduled', 'running') AND not_before <= now()
               AND (lease_until IS NULL OR lease_until < now())
             ORDER BY not_before, id
             LIMIT 1
             FOR UPDATE SKIP LOCKED)
          RETURNING id, attempts`,
        [leaseMs],
      )) as [Array<{ id: string; attempts: number }>, number];
      const row = rows[0][0];
      return row ? { id: row.id, attempt: row.attempts } : null;
    });
  }

  renew(claim: ErasureClaim, leaseMs: number): Promise<boolean> {
    return this.db.transaction(async () => {
      const rows = (await this.db.manager.query(
        `UPDATE erasure_requests SET lease_until = now() + $3 * interval '1 millisecond'
          WHERE id = $1 AND attempts = $2 AND status IN ('scheduled', 'running') RETURNING id`,
        [claim.id, claim.attempt, leaseMs],
      )) as [unknown[], number];
      return rows[1] === 1;
    });
  }

  async release(claim: ErasureClaim, retryInMs: number, error: string): Promise<void> {
    await this.db.manager.query(
      `UPDATE erasure_requests SET lease_until = now() + $3 * interval '1 millisecond', last_error = $4
        WHERE id = $1 AND attempts = $2`,
      [claim.id, claim.attempt, retryInMs, error],
    );
  }
}
