import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { Db } from '@opsledger/persistence';
import { ApiKeyService, ApiKeyStatus } from '../../domain/api-key-service';
import { ApiKey } from '../../domain/api-key.aggregate';
import { ApiKeyRepository } from '../../domain/api-key.repository';

interface ApiKeyRow {
  id: string;
  user_id: string;
  service: ApiKeyService;
  key_ciphertext: string;
  nonce: string | null;
  salt: string | null;
  vault_key_id: string | null;
  last_four: string;
  status: ApiKeyStatus | null;
  last_checked: Date | null;
  created_at: Date;
  version: number;
}

function toDomain(row: ApiKeyRow): ApiKey {
  return ApiKey.rehydrate(row.id, row.version, {
    userId: row.user_id,
    service: row.service,
    lastFour: row.last_four,
    encrypted: {
      ciphertext: row.key_ciphertext,
      nonce: row.nonce ?? '',
      salt: row.salt ?? '',
      keyId: row.vault_key_id,
    },
    status: row.status ?? 'active',
    lastChecked: row.last_checked,
    createdAt: row.created_at,
    removed: false,
  });
}

@Injectable()
export class SqlApiKeyRepository extends ApiKeyRepository {
  /** The ciphertext as loaded: a save sends the secret columns only when they changed. */
  private readonly loadedCiphertext = new WeakMap<ApiKey, string>();

  constructor(
    private readonly db: Db,
    private readonly writer: AggregateWriter,
  ) {
    super();
  }

  async findByUserAndService(userId: string, service: ApiKeyService): Promise<ApiKey | null> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, service, key_ciphertext, nonce, salt, vault_key_id, last_four, status, last_checked, created_at, version
         FROM api_keys WHERE user_id = $1 AND service = $2 FOR UPDATE`,
      [userId, service],
    )) as ApiKeyRow[];
    return rows[0] ? this.track(toDomain(rows[0])) : null;
  }

  private track(key: ApiKey): ApiKey {
    this.loadedCiphertext.set(key, key.snapshot.encrypted.ciphertext);
    return key;
  }

  async countForUserExclusively(userId: string): Promise<number> {
    // A transaction-scoped advisory lock per user: rows that do not exist yet cannot be locked.
    await this.db.manager.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('api_keys:' || $1::text, 0))`,
      [userId],
    );
    const rows = (await this.db.manager.query(
      `SELECT count(*)::int AS n FROM api_keys WHERE user_id = $1`,
      [userId],
    )) as Array<{ n: number }>;
    return rows[0]?.n ?? 0;
  }

  async save(key: ApiKey): Promise<void> {
    const s = key.snapshot;
    await this.writer.save(key, null, async ({ manager, expectedVersion, nextVersion, isNew }) => {
      if (s.removed) {
        if (isNew) return true;
        const deleted = (await manager.query(
          `DELETE FROM api_keys WHERE id = $1 AND version = $2 RETURNING id`,
          [key.id, expectedVersion],
        )) as [unknown[], number];
        return deleted[1] === 1;
      }
      if (isNew) {
        await manager.query(
          `INSERT INTO api_keys (id, user_id, service, key_ciphertext, nonce, salt, last_four, status, last_checked,
             created_at, updated_at, version, vault_key_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12)`,
          [
            key.id,
            s.userId,
            s.service,
            s.encrypted.ciphertext,
            s.encrypted.nonce,
            s.encrypted.salt,
            s.lastFour,
            s.status,
            s.lastChecked,
            s.createdAt,
            nextVersion,
            s.encrypted.keyId,
          ],
        );
        return true;
      }
      // A status change (a health check) leaves the ciphertext, nonce and salt where they are.
      const secretChanged = this.loadedCiphertext.get(key) !== s.encrypted.ciphertext;
      const updated = (await manager.query(
        `UPDATE api_keys SET key_ciphertext = CASE WHEN $10 THEN $3 ELSE key_ciphertext END,
                nonce = CASE WHEN $10 THEN $4 ELSE nonce END, salt = CASE WHEN $10 THEN $5 ELSE salt END,
                vault_key_id = CASE WHEN $10 THEN $11 ELSE vault_key_id END,
                last_four = $6, status = $7, last_checked = $8, version = $9
          WHERE id = $1 AND version = $2 RETURNING id`,
        [
          key.id,
          expectedVersion,
          secretChanged ? s.encrypted.ciphertext : null,
          secretChanged ? s.encrypted.nonce : null,
          secretChanged ? s.encrypted.salt : null,
          s.lastFour,
          s.status,
          s.lastChecked,
          nextVersion,
          secretChanged,
          secretChanged ? s.encrypted.keyId : null,
        ],
      )) as [unknown[], number];
      return updated[1] === 1;
    });
    if (!s.removed) this.track(key);
  }
}
