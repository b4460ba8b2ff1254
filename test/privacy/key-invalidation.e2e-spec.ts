import { ERASED } from '@opsledger/ddd';
import { SubjectKeyCache } from '@opsledger/personal-data';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErasureJob } from '../../src/modules/privacy/application/erasure.job';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Two instances on one database (and one key ring): a person's key cached by one instance is
 * dropped there within a second of another instance shredding it.
 */
describe('key cache invalidation across instances (e2e)', () => {
  let dir: string;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opsledger-keys-'));
    const shared = {
      SIGNING_KEYS_FILE: join(dir, 'signing-keys.json'),
      DATA_KEYS_FILE: join(dir, 'data-keys.json'),
    };
    a = await createTestApp(shared);
    b = await createTestApp(shared, { database: a.db });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a person erased on one instance within a second of the other shredding their key', async () => {
    const adminA = await a.loginAsAdmin();
    const user = await a.createUser(adminA, { fullName: 'Cached Person' });
    await a.project();
    const nameOnA = async () => {
      const page = (await a.call('GET', `/api/v1/audit/resources/user/${user.id}`, adminA)).json();
      return page.items[0].newValues.fullName as string;
    };
    expect(await nameOnA()).toBe('Cached Person');
    const cacheA = a.app.get(SubjectKeyCache);
    expect(cacheA.get(user.id)).toBeTruthy();

    const adminB = await b.loginAsAdmin();
    const res = await b.call('POST', '/api/v1/erasure-requests', adminB, { userId: user.id });
    expect(res.statusCode).toBe(201);
    expect(await b.app.get(ErasureJob).runDue()).toEqual([res.json().id]);
    const shreddedAt = Date.now();

    let seen = await nameOnA();
    while (seen !== ERASED && Date.now() - shreddedAt < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await nameOnA();
    }
    expect(seen).toBe(ERASED);
    expect(Date.now() - shreddedAt).toBeLessThan(1000);
    expect(cacheA.get(user.id) ?? null).toBeNull();
  });
});
