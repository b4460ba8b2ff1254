import { MigrationInterface, QueryRunner } from 'typeorm';

const POLICIES: Array<[table: string, policy: string, using: string]> = [
  [
    'tenants',
    'tenants_visible',
    `app_is_privileged() OR id = current_tenant_id()
       OR EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.tenant_id = tenants.id AND ut.user_id = current_user_id())`,
  ],
  [
    'users',
    'users_visible',
    `app_is_privileged() OR id = current_user_id()
       OR EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.user_id = users.id AND ut.tenant_id = current_tenant_id())`,
  ],
  [
    'profiles',
    'profiles_visible',
    `app_is_privileged() OR id = current_user_id()
       OR EXISTS (SELECT 1 FROM user_tenants ut WHERE ut.user_id = profiles.id AND ut.tenant_id = current_tenant_id())`,
  ],
  [
    'user_tenants',
    'user_tenants_visible',
    `app_is_privileged() OR tenant_id = current_tenant_id() OR user_id = current_user_id()`,
  ],
  [
    'organizations',
    'organizations_tenant',
    `app_is_privileged() OR tenant_id = current_tenant_id()`,
  ],
  [
    'user_organizations',
    'user_organizations_tenant',
    `app_is_privileged() OR tenant_id = current_tenant_id()`,
  ],
  ['user_sessions', 'user_sessions_owner', `app_is_privileged() OR user_id = current_user_id()`],
  ['refresh_tokens', 'refresh_tokens_owner', `app_is_privileged() OR user_id = current_user_id()`],
  [
    'user_action_tokens',
    'user_action_tokens_system',
    `current_setting('app.scope', true) = 'system'`,
  ],
];

/**
 * Row-level security for the identity tables, forced for the owner too. Reads follow the
 * documented ownership rules (own rows, own tenant's rows); writes are limited to trusted
 * scopes and to one's own rows, and profiles' role can only be changed by an admin
 * (spec 002: "users cannot change their own role").
 */
export class EnableIdentityRls1763780001500 implements MigrationInterface {
  name = 'EnableIdentityRls1763780001500';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, policy, using] of POLICIES) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${policy} ON ${table} FOR SELECT USING (${using})`);
    }
    const writers: Array<[string, string]> = [
      ['tenants', `app_is_privileged() OR id = current_tenant_id()`],
      ['users', `app_is_privileged() OR id = current_user_id()`],
      ['profiles', `app_is_privileged() OR id = current_user_id()`],
      ['user_tenants', `app_is_privileged() OR tenant_id = current_tenant_id()`],
      ['organizations', `app_is_privileged() OR tenant_id = current_tenant_id()`],
      ['user_organizations', `app_is_privileged() OR tenant_id = current_tenant_id()`],
      ['user_sessions', `app_is_privileged() OR user_id = current_user_id()`],
      ['refresh_tokens', `app_is_privileged() OR user_id = current_user_id()`],
      ['user_action_tokens', `current_setting('app.scope', true) = 'system'`],
    ];
    for (const [table, check] of writers) {
      await q.query(`CREATE POLICY ${table}_insert ON ${table} FOR INSERT WITH CHECK (${check})`);
      await q.query(
        `CREATE POLICY ${table}_update ON ${table} FOR UPDATE USING (${check}) WITH CHECK (${check})`,
      );
      await q.query(`CREATE POLICY ${table}_delete ON ${table} FOR DELETE USING (${check})`);
    }
    await q.query(`CREATE FUNCTION profiles_guard_role() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.role IS DISTINCT FROM OLD.role AND NOT app_is_privileged() THEN
          RAISE EXCEPTION 'only an admin can change a role' USING ERRCODE = '42501';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER profiles_guard_role BEFORE UPDATE ON profiles FOR EACH ROW EXECUTE FUNCTION profiles_guard_role()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER profiles_guard_role ON profiles`);
    await q.query(`DROP FUNCTION profiles_guard_role()`);
    for (const [table, policy] of POLICIES) {
      for (const p of [policy, `${table}_insert`, `${table}_update`, `${table}_delete`])
        await q.query(`DROP POLICY ${p} ON ${table}`);
      await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
  }
}
