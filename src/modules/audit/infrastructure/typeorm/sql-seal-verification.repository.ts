import { Injectable } from '@nestjs/common';
import { Db, RequestContext } from '@opsledger/persistence';
import { SealVerification } from '../../domain/seal-verification';
import { SealVerificationRepository } from '../../domain/seal-verification.repository';

interface VerificationRow {
  seal_id: string;
  seal_digest: string;
  event_count: number;
  rows_fingerprint: string;
  verified_at: Date;
  mac: string;
  mac_key_id: string;
}

/** `ledger_verifications`, read and written in system scope, each call its own transaction. */
@Injectable()
export class SqlSealVerificationRepository extends SealVerificationRepository {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {
    super();
  }

  forSeals(sealIds: readonly string[]): Promise<SealVerification[]> {
    if (sealIds.length === 0) return Promise.resolve([]);
    return this.context.asSystem(() =>
      this.db.read(async () => {
        const rows = (await this.db.manager.query(
          `SELECT seal_id::text AS seal_id, seal_digest, event_count, rows_fingerprint, verified_at, mac, mac_key_id
             FROM ledger_verifications WHERE seal_id = ANY($1::uuid[])`,
          [sealIds],
        )) as VerificationRow[];
        return rows.map((r) => ({
          sealId: r.seal_id,
          sealDigest: r.seal_digest,
          eventCount: r.event_count,
          rowsFingerprint: r.rows_fingerprint,
          verifiedAt: new Date(r.verified_at),
          mac: r.mac,
          macKeyId: r.mac_key_id,
        }));
      }),
    );
  }

  async record(verifications: readonly SealVerification[]): Promise<void> {
    if (verifications.length === 0) return;
    await this.context.asSystem(() =>
      this.db.transaction(async () => {
        await this.db.manager.query(
          `INSERT INTO ledger_verifications (seal_id, seal_digest, event_count, rows_fingerprint, verified_at, mac, mac_key_id)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
           ON CONFLICT (seal_id) DO UPDATE SET seal_digest = EXCLUDED.seal_digest, event_count = EXCLUDED.event_count,
             rows_fingerprint = EXCLUDED.rows_fingerprint, verified_at = EXCLUDED.verified_at, mac = EXCLUDED.mac,
             mac_key_id = EXCLUDED.mac_key_id`,
          [
            verifications.map((v) => v.sealId),
            verifications.map((v) => v.sealDigest),
            verifications.map((v) => v.eventCount),
            verifications.map((v) => v.rowsFingerprint),
            verifications.map((v) => v.verifiedAt.toISOString()),
            verifications.map((v) => v.mac),
            verifications.map((v) => v.macKeyId),
          ],
        );
      }),
    );
  }

  async forgetAll(): Promise<void> {
    await this.context.asSystem(() =>
      this.db.transaction(() => this.db.manager.query(`DELETE FROM ledger_verifications`)),
    );
  }
}
