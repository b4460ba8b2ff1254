import { MigrationInterface, QueryRunner } from 'typeorm';

const OWN = `app_is_privileged() OR user_id = current_user_id()`;

/** [table, who reads, who writes]; a null writer means only trusted scopes write. */
const POLICIES: Array<[table: string, read: string, write: string]> = [
  [
    'oauth_clients',
    `app_is_privileged()
       OR EXISTS (SELECT 1 FROM oauth_consents c WHERE c.client_id = oauth_clients.id AND c.user_id = current_user_id())
       OR EXISTS (SELECT 1 FROM oauth_token_families f WHERE f.client_id = oauth_clients.id AND f.user_id = current_user_id())`,
    `app_is_privileged()`,
  ],
  ['oauth_consents', OWN, OWN],
  ['oauth_sessions', OWN, `app_is_privileged()`],
  ['oauth_authorization_codes', `app_is_privileged()`, `app_is_privileged()`],
  ['oauth_token_families', OWN, OWN],
  ['oauth_access_tokens', OWN, OWN],
  ['oauth_refresh_tokens', OWN, OWN],
  ['external_identities', OWN, `app_is_privileged()`],
];

/**
 * Row-level security for the OAuth tables, forced for the owner too, as for identity's: a
 * user reads their own consents, sessions and tokens (and may revoke them); clients,
 * codes and external identities are written only by platform admins and the trusted scope
 * the protocol endpoints run in.
 */
export class EnableOauthRls1763780004400 implements MigrationInterface {
  name = 'EnableOauthRls1763780004400';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, read, write] of POLICIES) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_read ON ${table} FOR SELECT USING (${read})`);
      await q.query(`CREATE POLICY ${table}_insert ON ${table} FOR INSERT WITH CHECK (${write})`);
      await q.query(
        `CREATE POLICY ${table}_update ON ${table} FOR UPDATE USING (${write}) WITH CHECK (${write})`,
      );
      await q.query(`CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING (${write})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of POLICIES) {
      for (const p of ['read', 'insert', 'update', 'delete'])
        await q.query(`DROP POLICY ${table}_${p} ON ${table}`);
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
