import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { Consent } from '../../domain/consent.aggregate';
import { ConsentRepository } from '../../domain/consent.repository';

interface ConsentRow {
  id: string;
  user_id: string;
  client_id: string;
  scopes: string[];
  granted_at: Date;
  revoked_at: Date | null;
  version: number;
}

@Injectable()
export class SqlConsentRepository extends ConsentRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findByUserAndClient(userId: string, clientId: string): Promise<Consent | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, client_id, scopes, granted_at, revoked_at, version FROM oauth_consents WHERE user_id = $1 AND client_id = $2 FOR UPDATE`,
      [userId, clientId],
    )) as ConsentRow[];
    const r = rows[0];
    return r
      ? Consent.rehydrate(r.id, r.version, {
          userId: r.user_id,
          clientId: r.client_id,
          scopes: r.scopes,
          grantedAt: r.granted_at,
          revokedAt: r.revoked_at,
        })
      : null;
  }

  async save(consent: Consent): Promise<void> {
    const s = consent.snapshot;
    await this.writer.save(
      consent,
      null,
      async ({ manager, expectedVersion, nextVersion, isNew }) => {
        if (isNew) {
          await manager.query(
            `INSERT INTO oauth_consents (id, user_id, client_id, scopes, granted_at, revoked_at, version) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7)`,
            [
              consent.id,
              s.userId,
              s.clientId,
              JSON.stringify(s.scopes),
              s.grantedAt,
              s.revokedAt,
              nextVersion,
            ],
          );
          return true;
        }
        const updated = (await manager.query(
          `UPDATE oauth_consents SET scopes = $3::jsonb, granted_at = $4, revoked_at = $5, version = $6 WHERE id = $1 AND version = $2 RETURNING id`,
          [
            consent.id,
            expectedVersion,
            JSON.stringify(s.scopes),
            s.grantedAt,
            s.revokedAt,
            nextVersion,
          ],
        )) as [unknown[], number];
        return updated[1] === 1;
      },
    );
  }
}
