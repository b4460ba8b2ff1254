import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { ExternalIdentity } from '../../domain/external-identity.aggregate';
import { ExternalIdentityRepository } from '../../domain/external-identity.repository';

interface IdentityRow {
  id: string;
  user_id: string;
  provider: string;
  subject: string;
  created_at: Date;
}

/**
 * External identities have no version column: a link is created once and deleted once, and
 * the ledger's per-stream version check catches a concurrent second delete.
 */
@Injectable()
export class SqlExternalIdentityRepository extends ExternalIdentityRepository {
  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findById(id: string): Promise<ExternalIdentity | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, provider, subject, created_at FROM external_identities WHERE id = $1`,
      [id],
    )) as IdentityRow[];
    const r = rows[0];
    if (!r) return null;
    const version = (await this.db.manager.query(
      `SELECT COALESCE(max(stream_version), 0)::int AS v FROM event_store WHERE stream_type = 'external-identity' AND stream_id = $1`,
      [id],
    )) as Array<{ v: number }>;
    return ExternalIdentity.rehydrate(r.id, version[0]?.v ?? 0, {
      userId: r.user_id,
      provider: r.provider,
      subject: r.subject,
      createdAt: r.created_at,
      unlinked: false,
    });
  }

  async existsFor(provider: string, subject: string): Promise<boolean> {
    const rows = (await this.db.manager.query(
      `SELECT 1 FROM external_identities WHERE provider = $1 AND subject = $2`,
      [provider, subject],
    )) as unknown[];
    return rows.length > 0;
  }

  async save(identity: ExternalIdentity): Promise<void> {
    const s = identity.snapshot;
    await this.writer.save(identity, null, async ({ manager, isNew }) => {
      if (isNew) {
        await manager.query(
          `INSERT INTO external_identities (id, user_id, provider, subject, created_at) VALUES ($1, $2, $3, $4, $5)`,
          [identity.id, s.userId, s.provider, s.subject, s.createdAt],
        );
        return true;
      }
      if (s.unlinked) {
        const deleted = (await manager.query(
          `DELETE FROM external_identities WHERE id = $1 RETURNING id`,
          [identity.id],
        )) as [unknown[], number];
        return deleted[1] === 1;
      }
      return true;
    });
  }
}
