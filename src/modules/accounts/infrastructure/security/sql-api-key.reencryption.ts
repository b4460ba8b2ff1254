import { Injectable, Logger } from '@nestjs/common';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { ApiKeyUndecryptableError } from '../../domain/accounts.errors';
import { ApiKeyCipher } from '../../domain/api-key-cipher.port';
import { ApiKeyService } from '../../domain/api-key-service';

interface StoredRow {
  id: string;
  user_id: string;
  service: ApiKeyService;
  key_ciphertext: string;
  nonce: string | null;
  salt: string | null;
  vault_key_id: string | null;
}

/** Rows per transaction: each costs two PBKDF2 derivations (100,000 iterations) under a row lock. */
const BATCH = 20;

export interface ReencryptionPass {
  /** Rows moved to the active vault key. */
  moved: number;
  /** Rows no key of the ring (or the legacy secret) opens: left as they are, reported. */
  undecryptable: number;
  /** Rows still under another key (undecryptable ones included) after the pass. */
  remaining: number;
}

/**
 * Moves stored API keys to the vault's active key after a rotation (and v1 rows, keyed from
 * the signing keys, to the ring): decrypt under the row's key, encrypt under the active one,
 * write it back guarded by the old ciphertext. Infrastructure, not a domain change: the key
 * and its version stay what they were (no event, no new ETag). Every instance may run it:
 * rows are claimed with FOR UPDATE SKIP LOCKED, so each row is re-encrypted once, and a pass
 * that stops halfway simply leaves the rest for the next one (it is resumable by design: the
 * work left is "rows whose key id is not the active one").
 */
@Injectable()
export class SqlApiKeyReencryption {
  private readonly logger = new Logger('ApiKeyVault');

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly cipher: ApiKeyCipher,
  ) {}

  /** Re-encrypts every row it can reach now; answers what it did and what is left. */
  run(): Promise<ReencryptionPass> {
    return this.context.run(SYSTEM_ACTOR, async () => {
      const active = this.cipher.activeKeyId;
      let after = '00000000-0000-0000-0000-000000000000';
      let moved = 0;
      let undecryptable = 0;
      for (;;) {
        const batch = await this.db.transaction(() => this.batch(active, after));
        moved += batch.moved;
        undecryptable += batch.undecryptable;
        if (batch.last === null) break;
        after = batch.last;
      }
      const remaining = await this.db.read(async () => {
        const rows = (await this.db.manager.query(
          `SELECT count(*)::int AS n FROM api_keys WHERE vault_key_id IS DISTINCT FROM $1`,
          [active],
        )) as Array<{ n: number }>;
        return rows[0]?.n ?? 0;
      });
      if (moved > 0 || undecryptable > 0)
        this.logger.log(
          { moved, undecryptable, remaining, activeKeyId: active },
          'API keys re-encrypted to the active vault key',
        );
      return { moved, undecryptable, remaining };
    });
  }

  private async batch(
    active: string,
    after: string,
  ): Promise<{ moved: number; undecryptable: number; last: string | null }> {
    const rows = (await this.db.manager.query(
      `SELECT id, user_id, service, key_ciphertext, nonce, salt, vault_key_id FROM api_keys
        WHERE vault_key_id IS DISTINCT FROM $1 AND id > $2
        ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [active, after, BATCH],
    )) as StoredRow[];
    let moved = 0;
    let undecryptable = 0;
    for (const row of rows) {
      const binding = { userId: row.user_id, service: row.service };
      let encrypted;
      try {
        const secret = await this.cipher.decrypt(
          {
            ciphertext: row.key_ciphertext,
            nonce: row.nonce ?? '',
            salt: row.salt ?? '',
            keyId: row.vault_key_id,
          },
          binding,
        );
        encrypted = await this.cipher.encrypt(secret, binding);
      } catch (error) {
        if (!(error instanceof ApiKeyUndecryptableError)) throw error;
        undecryptable += 1;
        this.logger.warn(
          { apiKeyId: row.id, vaultKeyId: row.vault_key_id },
          'a stored API key opens under no vault key; left as it is',
        );
        continue;
      }
      await this.db.manager.query(
        `UPDATE api_keys SET key_ciphertext = $2, nonce = $3, salt = $4, vault_key_id = $5
          WHERE id = $1 AND key_ciphertext = $6`,
        [
          row.id,
          encrypted.ciphertext,
          encrypted.nonce,
          encrypted.salt,
          encrypted.keyId,
          row.key_ciphertext,
        ],
      );
      moved += 1;
    }
    return { moved, undecryptable, last: rows.length === BATCH ? rows[rows.length - 1].id : null };
  }
}
