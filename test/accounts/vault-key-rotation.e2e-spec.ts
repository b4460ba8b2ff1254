import { KeyStore } from '@opsledger/auth';
import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_KEY_VAULT_SECRET } from '../../src/modules/accounts/accounts.module';
import { SqlApiKeyReencryption } from '../../src/modules/accounts/infrastructure/security/sql-api-key.reencryption';
import { createTestApp, TestApp } from '../support/test-app';
import { sampleKey } from './accounts-fixture';

const vaultKey = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

/**
 * Issue 10: the vault's master secret derived from the oldest signing key, so retiring that
 * key (a routine rotation) made every stored API key undecryptable. The vault has its own key
 * ring now: a signing-key rotation does not touch it, and a vault-key rotation re-encrypts the
 * stored keys in the background, after which the old vault key can be retired.
 */
describe('API-key vault key ring (e2e)', () => {
  let db: TestDatabase;
  let dir: string;
  const apps: TestApp[] = [];

  const start = async (env: Record<string, string>) => {
    // instances of one deployment share the data key ring (and, unless a test rotates them,
    // the signing keys); each has its own vault ring setting
    const app = await createTestApp(
      {
        DATA_KEYS_FILE: join(dir, 'data-keys.json'),
        SIGNING_KEYS_FILE: join(dir, 'signing-keys.json'),
        ...env,
      },
      { database: db },
    );
    apps.push(app);
    return app;
  };
  const stop = async (app: TestApp) => {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  };

  beforeEach(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'opsledger-vault-'));
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A user with a stored key per service; answers what logs them in again. */
  async function storeKeys(t: TestApp, services: Array<keyof typeof sampleKey>) {
    const admin = await t.loginAsAdmin();
    const user = await t.createUser(admin);
    const token = (await t.login(user.email, user.password)).accessToken;
    for (const service of services) {
      const res = await t.call('POST', '/api/v1/me/api-keys', token, {
        service,
        key: sampleKey[service](),
      });
      expect(res.statusCode).toBe(201);
    }
    return user;
  }

  async function expectHealthy(
    t: TestApp,
    user: { email: string; password: string },
    services: string[],
  ) {
    const token = (await t.login(user.email, user.password)).accessToken;
    for (const service of services) {
      const res = await t.call('POST', `/api/v1/me/api-keys/${service}/check`, token);
      expect({ service, status: res.statusCode, body: res.json() }).toMatchObject({
        service,
        status: 200,
        body: { healthy: true, status: 'healthy' },
      });
    }
  }

  const rows = async () => {
    const c = await superuserClient(db.url);
    try {
      return (
        await c.query(`SELECT id, vault_key_id, key_ciphertext, version FROM api_keys ORDER BY id`)
      ).rows as Array<{
        id: string;
        vault_key_id: string;
        key_ciphertext: string;
        version: number;
      }>;
    } finally {
      await c.end();
    }
  };

  it('keeps stored keys decryptable when the signing keys rotate and the oldest is retired', async () => {
    const signingKeys = join(dir, 'signing-keys.json');
    const vault = vaultKey('vault-1');
    const first = await start({ SIGNING_KEYS_FILE: signingKeys, VAULT_KEYS: vault });
    const user = await storeKeys(first, ['openai', 'stripe']);
    await stop(first);

    // rotate: a new signing key, and the oldest one retired from the set
    const stored = JSON.parse(await readFile(signingKeys, 'utf8')) as { keys: unknown[] };
    expect(stored.keys).toHaveLength(1);
    await writeFile(signingKeys, JSON.stringify({ keys: [await KeyStore.generateJwk()] }));

    const second = await start({ SIGNING_KEYS_FILE: signingKeys, VAULT_KEYS: vault });
    await expectHealthy(second, user, ['openai', 'stripe']);
  });

  it('rotates the vault key: old keys still open, are re-encrypted once to the new key id, then the old key retires', async () => {
    const oldKey = vaultKey('vault-old');
    const newKey = vaultKey('vault-new');
    const first = await start({ VAULT_KEYS: oldKey });
    const alice = await storeKeys(first, ['openai', 'twilio']);
    const bob = await storeKeys(first, ['sendgrid']);
    await stop(first);
    const before = await rows();
    expect(before.map((r) => r.vault_key_id)).toEqual(['vault-old', 'vault-old', 'vault-old']);

    // the new key goes in front; two instances run the background re-encryption at once
    const rotated = `${newKey},${oldKey}`;
    const a = await start({ VAULT_KEYS: rotated });
    const b = await start({ VAULT_KEYS: rotated });
    await expectHealthy(a, alice, ['openai', 'twilio']);
    const checked = await rows();
    const passes = await Promise.all([
      a.app.get(SqlApiKeyReencryption).run(),
      b.app.get(SqlApiKeyReencryption).run(),
    ]);
    // every row moved exactly once across the two instances
    expect(passes[0].moved + passes[1].moved).toBe(3);
    // (a pass that ends first may still count the rows the other holds as remaining)
    expect(passes.map((p) => p.undecryptable)).toEqual([0, 0]);
    const after = await rows();
    expect(after.map((r) => r.vault_key_id)).toEqual(['vault-new', 'vault-new', 'vault-new']);
    after.forEach((row, i) => {
      expect(row.key_ciphertext).not.toBe(checked[i].key_ciphertext);
      // not a domain change: same version, same ETag for clients
      expect(row.version).toBe(checked[i].version);
    });
    expect(await a.app.get(SqlApiKeyReencryption).run()).toEqual({
      moved: 0,
      undecryptable: 0,
      remaining: 0,
    });
    await stop(a);
    await stop(b);

    // the old vault key retired: everything still opens under the new one alone
    const retired = await start({ VAULT_KEYS: newKey });
    await expectHealthy(retired, alice, ['openai', 'twilio']);
    await expectHealthy(retired, bob, ['sendgrid']);
  });

  it('reports a key no vault key opens and leaves it as it is', async () => {
    const first = await start({ VAULT_KEYS: vaultKey('vault-lost') });
    await storeKeys(first, ['openai']);
    await stop(first);
    const other = await start({ VAULT_KEYS: vaultKey('vault-other') });
    const before = await rows();
    expect(await other.app.get(SqlApiKeyReencryption).run()).toEqual({
      moved: 0,
      undecryptable: 1,
      remaining: 1,
    });
    expect(await rows()).toEqual(before);
  });

  it('moves a key stored before the ring (v1, keyed from the oldest signing key) to the vault key', async () => {
    const t = await start({ VAULT_KEYS: vaultKey('vault-1') });
    const user = await storeKeys(t, []);
    const token = (await t.login(user.email, user.password)).accessToken;
    const plaintext = sampleKey.openai();
    expect(
      (await t.call('POST', '/api/v1/me/api-keys', token, { service: 'openai', key: plaintext }))
        .statusCode,
    ).toBe(201);
    // rewrite the row as the code before the ring stored it
    const [row] = await rows();
    const salt = randomBytes(16);
    const nonce = randomBytes(12);
    const key = pbkdf2Sync(
      t.app.get(KeyStore).deriveSecret(API_KEY_VAULT_SECRET),
      salt,
      100_000,
      32,
      'sha256',
    );
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(`opsledger:api-key:v1:${await userIdOf(user.email)}:openai`));
    const body = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const c = await superuserClient(db.url);
    try {
      await c.query(
        `UPDATE api_keys SET key_ciphertext = $2, nonce = $3, salt = $4, vault_key_id = NULL WHERE id = $1`,
        [
          row.id,
          `v1.${body.toString('base64')}`,
          nonce.toString('base64'),
          salt.toString('base64'),
        ],
      );
    } finally {
      await c.end();
    }
    await expectHealthy(t, user, ['openai']);
    expect(await t.app.get(SqlApiKeyReencryption).run()).toEqual({
      moved: 1,
      undecryptable: 0,
      remaining: 0,
    });
    const [moved] = await rows();
    expect(moved.vault_key_id).toBe('vault-1');
    expect(moved.key_ciphertext.startsWith('v2.')).toBe(true);
    await expectHealthy(t, user, ['openai']);
  });

  const userIdOf = async (email: string) => {
    const c = await superuserClient(db.url);
    try {
      return (await c.query(`SELECT id FROM users WHERE email = $1`, [email])).rows[0].id as string;
    } finally {
      await c.end();
    }
  };
});
