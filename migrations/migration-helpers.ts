import { QueryRunner } from 'typeorm';

/** The role the application connects as at run time: it owns nothing, so RLS binds it. */
export const APP_ROLE = 'opsledger_app';

export async function grantToApp(
  q: QueryRunner,
  table: string,
  privileges = 'SELECT, INSERT, UPDATE, DELETE',
): Promise<void> {
  await q.query(`GRANT ${privileges} ON TABLE ${table} TO ${APP_ROLE}`);
}

/**
 * Tenant isolation as a PostgreSQL policy: a row is visible when its tenant is the one set
 * for the transaction, or when trusted code opened the system scope. An unset setting reads
 * back as '' once set, hence NULLIF.
 */
export async function enableTenantRls(
  q: QueryRunner,
  table: string,
  column = 'tenant_id',
): Promise<void> {
  await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await q.query(
    `CREATE POLICY ${table}_tenant_isolation ON ${table}
       USING (current_setting('app.scope', true) = 'system'
              OR ${column} = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
       WITH CHECK (current_setting('app.scope', true) = 'system'
              OR ${column} = NULLIF(current_setting('app.tenant_id', true), '')::uuid)`,
  );
}

export async function disableRls(q: QueryRunner, table: string, policies: string[]): Promise<void> {
  for (const policy of policies) await q.query(`DROP POLICY IF EXISTS ${policy} ON ${table}`);
  await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
}

export async function touchUpdatedAt(q: QueryRunner, table: string): Promise<void> {
  await q.query(
    `CREATE TRIGGER ${table}_touch_updated_at BEFORE UPDATE ON ${table}
       FOR EACH ROW EXECUTE FUNCTION opsledger_touch_updated_at()`,
  );
}
