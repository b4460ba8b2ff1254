import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';

describe('test database harness', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('clones a migrated template where the app role exists', async () => {
    const c = await superuserClient(db.url);
    const rows = await c.query(`SELECT rolname FROM pg_roles WHERE rolname = 'opsledger_app'`);
    await c.end();
    expect(rows.rowCount).toBe(1);
  });
});
