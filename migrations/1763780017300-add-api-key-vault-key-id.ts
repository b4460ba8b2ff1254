import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API-key vault's own key ring (issue 10): each row records the vault key it is encrypted
 * under. NULL marks a key stored before the ring (scheme v1, keyed from the oldest signing
 * key), which the background re-encryption moves to the active vault key.
 */
export class AddApiKeyVaultKeyId1763780017300 implements MigrationInterface {
  name = 'AddApiKeyVaultKeyId1763780017300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN vault_key_id text
      CONSTRAINT ck_api_keys_vault_key_id CHECK (vault_key_id ~ '^[A-Za-z0-9_-]{1,100}$')`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT ck_api_keys_vault_key_scheme
      CHECK ((vault_key_id IS NULL) = (key_ciphertext LIKE 'v1.%'))`);
    await q.query(`CREATE INDEX idx_api_keys_vault_key_id ON api_keys (vault_key_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_api_keys_vault_key_id`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT ck_api_keys_vault_key_scheme`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN vault_key_id`);
  }
}
