import { Rule, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

const { rules } = jest.requireActual<{ rules: Record<string, Rule.RuleModule> }>(
  './sql-boundaries.cjs',
);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const fs = 'src/modules/field-service';

tester.run('sql-boundaries', rules['sql-boundaries'], {
  valid: [
    {
      name: 'a context’s own tables, in infrastructure',
      filename: `${fs}/infrastructure/typeorm/sql-customer.repository.ts`,
      code: 'const q = `SELECT id FROM customers c JOIN work_orders w ON w.customer_id = c.id FOR UPDATE OF c`;',
    },
    {
      name: 'platform tables from any context',
      filename: `${fs}/infrastructure/typeorm/sql-work-order.repository.ts`,
      code: "const q = `SELECT 1 FROM event_store e WHERE e.stream_type = 'work-order'`;",
    },
    {
      name: 'prose that mentions a table name is no SQL',
      filename: `${fs}/application/commands/link-customer-user/link-customer-user.handler.ts`,
      code: "const message = 'The user is not a live member of this tenant (user_tenants)';",
    },
    {
      name: 'a test may set up any table',
      filename: `${fs}/infrastructure/typeorm/sql-customer.repository.int-spec.ts`,
      code: "const q = `INSERT INTO users (id, email) VALUES ($1, 'a@b.c')`;",
    },
    {
      name: 'identity names its own tables',
      filename: 'src/modules/identity/infrastructure/typeorm/sql-user.repository.ts',
      code: 'const q = `SELECT 1 FROM users u JOIN user_tenants ut ON ut.user_id = u.id`;',
    },
  ],
  invalid: [
    {
      name: 'field-service reading identity’s membership table',
      filename: `${fs}/infrastructure/typeorm/sql-customer.repository.ts`,
      code: 'const q = `EXISTS (SELECT 1 FROM user_tenants ut JOIN users u ON u.id = ut.user_id)`;',
      errors: [
        { message: /identity's table "user_tenants"/ },
        { message: /identity's table "users"/ },
      ],
    },
    {
      name: 'accounts writing to an oauth table',
      filename: 'src/modules/accounts/infrastructure/typeorm/sql-api-key.repository.ts',
      code: "const q = 'DELETE FROM oauth_consents WHERE user_id = $1';",
      errors: [{ message: /oauth's table "oauth_consents"/ }],
    },
    {
      name: 'SQL text in application/',
      filename: 'src/modules/identity/application/commands/sign-up/sign-up.handler.ts',
      code: 'const q = `SELECT id FROM tenants WHERE slug = $1`;',
      errors: [{ message: /No SQL in application/ }],
    },
    {
      name: 'a lock query in application/',
      filename: 'src/modules/privacy/application/retention.job.ts',
      code: 'async function f(db) { await db.manager.query(x, []); }',
      errors: [{ message: /manager\.query\(\)/ }],
    },
    {
      name: 'a function-only SELECT in application/',
      filename: 'src/modules/privacy/application/retention.job.ts',
      code: "const q = 'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok';",
      errors: [{ message: /No SQL in application/ }],
    },
  ],
});
