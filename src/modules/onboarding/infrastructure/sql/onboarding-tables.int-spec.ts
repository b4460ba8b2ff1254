import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * The onboarding tables hold spec 000's invariants in PostgreSQL itself: tenancy for the
 * application's role, a license unique per contractor/state/number, last4 only for bank
 * accounts, the coverage enum array, ciphertext-only tax ids, and read-only achievement
 * definitions seeded in the spec's four categories.
 */
describe('onboarding tables (PostgreSQL)', () => {
  let db: TestDatabase;
  let owner: Client;
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const userA = randomUUID();
  const contractorA = randomUUID();
  const TABLES = [
    'contractor',
    'business_profile',
    'license',
    'insurance_policy',
    'bank_account',
    'contractor_achievement',
    'onboarding_progress',
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = await superuserClient(db.url);
    await owner.query(
      `INSERT INTO tenants (id, name, slug) VALUES ($1, 'A', 'onb-a'), ($2, 'B', 'onb-b')`,
      [tenantA, tenantB],
    );
    await owner.query(
      `INSERT INTO users (id, email, password_hash) VALUES ($1, 'c@onb.test', 'x')`,
      [userA],
    );
    await owner.query(`INSERT INTO contractor (id, tenant_id, user_id) VALUES ($1, $2, $3)`, [
      contractorA,
      tenantA,
      userA,
    ]);
    await owner.query(
      `INSERT INTO business_profile (contractor_id, tenant_id, legal_name, tax_id, tax_id_last4)
       VALUES ($1, $2, 'Acme Roofing LLC', 'v1.k.abc', '6789')`,
      [contractorA, tenantA],
    );
    await owner.query(
      `INSERT INTO license (id, tenant_id, contractor_id, state, license_number) VALUES ($1, $2, $3, 'CA', 'L-1')`,
      [randomUUID(), tenantA, contractorA],
    );
    await owner.query(
      `INSERT INTO insurance_policy (id, tenant_id, contractor_id, provider, policy_number, coverage_types, expiration_date)
       VALUES ($1, $2, $3, 'manual', 'P-1', '{gl,wc}', '2027-01-31')`,
      [randomUUID(), tenantA, contractorA],
    );
    await owner.query(
      `INSERT INTO bank_account (id, tenant_id, contractor_id, account_type, last4, verification_method, verification_status)
       VALUES ($1, $2, $3, 'checking', '4321', 'micro-deposit', 'pending')`,
      [randomUUID(), tenantA, contractorA],
    );
    await owner.query(
      `INSERT INTO contractor_achievement (contractor_id, achievement_id, tenant_id)
       SELECT $1, id, $2 FROM achievement WHERE key = 'onboarding-complete'`,
      [contractorA, tenantA],
    );
    await owner.query(
      `INSERT INTO onboarding_progress (contractor_id, tenant_id) VALUES ($1, $2)`,
      [contractorA, tenantA],
    );
  });
  afterAll(async () => {
    await owner.end();
    await db.drop();
  });

  async function asApp<T>(tenant: string, fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: db.url, options: '-c role=opsledger_app' });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
      return await fn(c);
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
      await c.end();
    }
  }

  it('row-level security: another tenant sees and writes none of the rows', async () => {
    for (const table of TABLES) {
      const own = await asApp(tenantA, (c) => c.query(`SELECT count(*)::int AS n FROM ${table}`));
      const other = await asApp(tenantB, (c) => c.query(`SELECT count(*)::int AS n FROM ${table}`));
      expect({ table, n: own.rows[0].n }).toEqual({ table, n: 1 });
      expect({ table, n: other.rows[0].n }).toEqual({ table, n: 0 });
    }
    await expect(
      asApp(tenantB, (c) =>
        c.query(`INSERT INTO contractor (id, tenant_id, user_id) VALUES ($1, $2, $3)`, [
          randomUUID(),
          tenantA,
          userA,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await asApp(tenantB, (c) =>
      c.query(`UPDATE contractor SET status = 'verified' WHERE id = $1`, [contractorA]),
    );
    expect(updated.rowCount).toBe(0);
  });

  it('one contractor per user and tenant; statuses are the spec’s four', async () => {
    await expect(
      owner.query(`INSERT INTO contractor (id, tenant_id, user_id) VALUES ($1, $2, $3)`, [
        randomUUID(),
        tenantA,
        userA,
      ]),
    ).rejects.toThrow(/uq_contractor_tenant_user/);
    await expect(
      owner.query(`UPDATE contractor SET status = 'approved' WHERE id = $1`, [contractorA]),
    ).rejects.toThrow(/ck_contractor_status/);
  });

  it('a license is unique per contractor, state and number (not across states)', async () => {
    await expect(
      owner.query(
        `INSERT INTO license (id, tenant_id, contractor_id, state, license_number) VALUES ($1, $2, $3, 'CA', 'L-1')`,
        [randomUUID(), tenantA, contractorA],
      ),
    ).rejects.toThrow(/uq_license_contractor_state_number/);
    const other = randomUUID();
    await owner.query(
      `INSERT INTO license (id, tenant_id, contractor_id, state, license_number) VALUES ($1, $2, $3, 'NV', 'L-1')`,
      [other, tenantA, contractorA],
    );
    await owner.query(`DELETE FROM license WHERE id = $1`, [other]);
  });

  it('bank accounts keep four digits at most, and only the spec’s values', async () => {
    const insert = (last4: string, type = 'checking', method = 'manual', status = 'pending') =>
      owner.query(
        `INSERT INTO bank_account (id, tenant_id, contractor_id, account_type, last4, verification_method, verification_status)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), tenantA, contractorA, type, last4, method, status],
      );
    await expect(insert('021000021123456789')).rejects.toThrow(/ck_bank_account_last4/);
    await expect(insert('12a4')).rejects.toThrow(/ck_bank_account_last4/);
    await expect(insert('1234', 'brokerage')).rejects.toThrow(/bank_account_account_type_check/);
    await expect(insert('1234', 'checking', 'wire')).rejects.toThrow(
      /bank_account_verification_method_check/,
    );
    await expect(insert('1234', 'checking', 'manual', 'done')).rejects.toThrow(
      /bank_account_verification_status_check/,
    );
  });

  it('coverage types are the insurance_coverage enum, as an array', async () => {
    const rows = await owner.query(
      `SELECT coverage_types::text[] AS c FROM insurance_policy WHERE contractor_id = $1`,
      [contractorA],
    );
    expect(rows.rows[0].c).toEqual(['gl', 'wc']);
    await expect(
      owner.query(
        `INSERT INTO insurance_policy (id, tenant_id, contractor_id, provider, policy_number, coverage_types, expiration_date)
         VALUES ($1, $2, $3, 'manual', 'P-2', '{gl,flood}', '2027-01-31')`,
        [randomUUID(), tenantA, contractorA],
      ),
    ).rejects.toThrow(/insurance_coverage/);
    await expect(
      owner.query(
        `INSERT INTO insurance_policy (id, tenant_id, contractor_id, provider, policy_number, coverage_types, expiration_date)
         VALUES ($1, $2, $3, 'acme', 'P-2', '{gl}', '2027-01-31')`,
        [randomUUID(), tenantA, contractorA],
      ),
    ).rejects.toThrow(/ck_insurance_policy_provider/);
  });

  it('a tax id is stored only as ciphertext, with its last four digits beside it', async () => {
    await expect(
      owner.query(`UPDATE business_profile SET tax_id = '12-3456789' WHERE contractor_id = $1`, [
        contractorA,
      ]),
    ).rejects.toThrow(/ck_business_profile_tax_id_sealed/);
    await expect(
      owner.query(`UPDATE business_profile SET tax_id_last4 = NULL WHERE contractor_id = $1`, [
        contractorA,
      ]),
    ).rejects.toThrow(/ck_business_profile_tax_id_pair/);
  });

  it('achievements are seeded in the four categories and read-only for the application', async () => {
    const rows = await asApp(tenantA, (c) =>
      c.query(`SELECT DISTINCT category FROM achievement ORDER BY category`),
    );
    expect(rows.rows.map((r: { category: string }) => r.category)).toEqual([
      'completion',
      'quality',
      'referral',
      'speed',
    ]);
    await expect(
      asApp(tenantA, (c) =>
        c.query(
          `INSERT INTO achievement (id, key, title, description, category) VALUES ($1, 'x', 'x', 'x', 'speed')`,
          [randomUUID()],
        ),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      owner.query(`UPDATE contractor_achievement SET progress = 2 WHERE contractor_id = $1`, [
        contractorA,
      ]),
    ).rejects.toThrow(/ck_contractor_achievement_progress/);
  });

  it('the wizard has six steps', async () => {
    await expect(
      owner.query(`UPDATE onboarding_progress SET current_step = 7 WHERE contractor_id = $1`, [
        contractorA,
      ]),
    ).rejects.toThrow(/ck_onboarding_progress_step/);
  });
});
