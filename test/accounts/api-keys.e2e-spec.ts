import { superuserClient } from '@opsledger/testing';
import { createTestApp, TestApp } from '../support/test-app';
import {
  accountsCounts,
  expectProblem,
  rowsContaining,
  sampleKey,
  signedInUser,
} from './accounts-fixture';

const METADATA_FIELDS = [
  'createdAt',
  'id',
  'lastChecked',
  'lastFour',
  'service',
  'status',
  'updatedAt',
  'userId',
  'version',
];

describe('API-key vault (e2e)', () => {
  let t: TestApp;
  let admin: string;
  /** Every plaintext key sent in this file: none may ever come back or reach a table other than encrypted. */
  const used: string[] = [];
  const remember = (key: string) => {
    used.push(key);
    return key;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  const storedRow = async (userId: string, service: string) => {
    const c = await superuserClient(t.db.url);
    try {
      return (
        await c.query(`SELECT * FROM api_keys WHERE user_id = $1 AND service = $2`, [
          userId,
          service,
        ])
      ).rows[0];
    } finally {
      await c.end();
    }
  };

  describe('storing', () => {
    it('stores a key and answers metadata with its last four characters only', async () => {
      const alice = await signedInUser(t, admin);
      const key = remember(sampleKey.openai());
      const res = await t.call('POST', '/api/v1/me/api-keys', alice.token, {
        service: 'openai',
        key,
      });
      expect(res.statusCode).toBe(201);
      expect(res.body).not.toContain(key);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(METADATA_FIELDS);
      expect(body).toMatchObject({
        service: 'openai',
        lastFour: key.slice(-4),
        status: 'active',
        lastChecked: null,
        userId: alice.id,
        version: 1,
      });
      expect(res.headers.location).toBe('/api/v1/me/api-keys/openai');
      expect(res.headers.etag).toBe('"v1"');

      const list = await t.call('GET', '/api/v1/me/api-keys', alice.token);
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(key);
      expect(list.json().items.map((i: Record<string, unknown>) => Object.keys(i).sort())).toEqual([
        METADATA_FIELDS,
      ]);
      expect(list.json().nextCursor).toBeNull();
    });

    it('keeps only ciphertext in the database: no key, no part of it, no encoding of it', async () => {
      const bob = await signedInUser(t, admin);
      const key = remember(sampleKey.sendgrid());
      expect(
        (await t.call('POST', '/api/v1/me/api-keys', bob.token, { service: 'sendgrid', key }))
          .statusCode,
      ).toBe(201);
      const row = await storedRow(bob.id, 'sendgrid');
      const stored = JSON.stringify(row);
      for (const needle of [
        key,
        key.slice(0, -4),
        key.slice(3, 19),
        Buffer.from(key).toString('base64'),
        Buffer.from(key).toString('hex'),
      ]) {
        expect(stored).not.toContain(needle);
      }
      expect(row.key_ciphertext).toMatch(/^v2\.[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(row.nonce, 'base64')).toHaveLength(12);
      expect(Buffer.from(row.salt, 'base64')).toHaveLength(16);
      expect(row.last_four).toBe(key.slice(-4));
    });

    it('gives every row its own salt and nonce, even for the same key', async () => {
      const one = await signedInUser(t, admin);
      const two = await signedInUser(t, admin);
      const key = remember(sampleKey.twilio());
      for (const u of [one, two])
        expect(
          (await t.call('POST', '/api/v1/me/api-keys', u.token, { service: 'twilio', key }))
            .statusCode,
        ).toBe(201);
      const [a, b] = [await storedRow(one.id, 'twilio'), await storedRow(two.id, 'twilio')];
      expect(a.salt).not.toBe(b.salt);
      expect(a.nonce).not.toBe(b.nonce);
      expect(a.key_ciphertext).not.toBe(b.key_ciphertext);
    });

    it('refuses a second key for the same service with a 409 naming the service, writing nothing', async () => {
      const carol = await signedInUser(t, admin);
      expect(
        (
          await t.call('POST', '/api/v1/me/api-keys', carol.token, {
            service: 'stripe',
            key: remember(sampleKey.stripe()),
          })
        ).statusCode,
      ).toBe(201);
      const before = await accountsCounts(t);
      const again = remember(sampleKey.stripe());
      const res = await t.call('POST', '/api/v1/me/api-keys', carol.token, {
        service: 'stripe',
        key: again,
      });
      const problem = expectProblem(res, 409, 'service');
      expect(problem.code).toBe('ACCOUNTS.API_KEY_EXISTS');
      expect(problem.detail).toContain('stripe');
      expect(res.body).not.toContain(again);
      expect(await accountsCounts(t)).toEqual(before);
    });
  });

  describe('isolation', () => {
    it('answers 404 for another user’s key and leaves it untouched', async () => {
      const owner = await signedInUser(t, admin);
      const other = await signedInUser(t, admin);
      const key = remember(sampleKey.openai());
      expect(
        (await t.call('POST', '/api/v1/me/api-keys', owner.token, { service: 'openai', key }))
          .statusCode,
      ).toBe(201);
      const before = await storedRow(owner.id, 'openai');
      const counts = await accountsCounts(t);

      expectProblem(await t.call('GET', '/api/v1/me/api-keys/openai', other.token), 404);
      expectProblem(
        await t.call('PUT', '/api/v1/me/api-keys/openai', other.token, {
          key: remember(sampleKey.openai()),
        }),
        404,
      );
      expectProblem(await t.call('POST', '/api/v1/me/api-keys/openai/check', other.token), 404);
      expectProblem(await t.call('DELETE', '/api/v1/me/api-keys/openai', other.token), 404);
      expect((await t.call('GET', '/api/v1/me/api-keys', other.token)).json().items).toEqual([]);
      expectProblem(await t.call('GET', `/api/v1/users/${owner.id}/api-keys`, other.token), 403);

      expect(await storedRow(owner.id, 'openai')).toEqual(before);
      expect(await accountsCounts(t)).toEqual(counts);
    });

    it('a ciphertext copied into another user’s row does not decrypt: the check reports it unhealthy', async () => {
      const victim = await signedInUser(t, admin);
      const thief = await signedInUser(t, admin);
      expect(
        (
          await t.call('POST', '/api/v1/me/api-keys', victim.token, {
            service: 'openai',
            key: remember(sampleKey.openai()),
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await t.call('POST', '/api/v1/me/api-keys', thief.token, {
            service: 'openai',
            key: remember(sampleKey.openai()),
          })
        ).statusCode,
      ).toBe(201);
      const c = await superuserClient(t.db.url);
      try {
        await c.query(
          `UPDATE api_keys AS dst SET key_ciphertext = src.key_ciphertext, nonce = src.nonce, salt = src.salt
             FROM api_keys AS src WHERE src.user_id = $1 AND src.service = 'openai' AND dst.user_id = $2 AND dst.service = 'openai'`,
          [victim.id, thief.id],
        );
      } finally {
        await c.end();
      }
      const res = await t.call('POST', '/api/v1/me/api-keys/openai/check', thief.token);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ healthy: false, status: 'unhealthy' });
      expect(res.json().reason).toMatch(/cannot be decrypted/);
    });

    it('shows admins metadata of anyone’s keys, never the key, and changes nothing for them', async () => {
      const dave = await signedInUser(t, admin);
      const key = remember(sampleKey.stripe());
      expect(
        (await t.call('POST', '/api/v1/me/api-keys', dave.token, { service: 'stripe', key }))
          .statusCode,
      ).toBe(201);
      const res = await t.call('GET', `/api/v1/users/${dave.id}/api-keys`, admin);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(key);
      expect(res.body).not.toMatch(/ciphertext|nonce|salt/i);
      expect(res.json().items).toHaveLength(1);
      expect(Object.keys(res.json().items[0]).sort()).toEqual(METADATA_FIELDS);
      expect(res.json().items[0]).toMatchObject({
        userId: dave.id,
        service: 'stripe',
        lastFour: key.slice(-4),
      });
      // the admin's own vault is their own: Dave's key is not reachable through /me
      expectProblem(await t.call('DELETE', '/api/v1/me/api-keys/stripe', admin), 404);
      expectProblem(
        await t.call('GET', '/api/v1/users/5a0d3c2e-8f7b-4b1e-9a55-3d2c1b0a9f8e/api-keys', admin),
        404,
      );
    });
  });

  describe('replacing, checking, deleting', () => {
    it('replaces a key under a fresh salt and nonce, restarting its health, honouring If-Match', async () => {
      const erin = await signedInUser(t, admin);
      expect(
        (
          await t.call('POST', '/api/v1/me/api-keys', erin.token, {
            service: 'twilio',
            key: remember(sampleKey.twilio()),
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (await t.call('POST', '/api/v1/me/api-keys/twilio/check', erin.token)).json().status,
      ).toBe('healthy');
      const before = await storedRow(erin.id, 'twilio');
      const next = remember(sampleKey.twilio());
      expectProblem(
        await t.call(
          'PUT',
          '/api/v1/me/api-keys/twilio',
          erin.token,
          { key: next },
          { 'if-match': '"v1"' },
        ),
        412,
      );
      const res = await t.call(
        'PUT',
        '/api/v1/me/api-keys/twilio',
        erin.token,
        { key: next },
        { 'if-match': '"v2"' },
      );
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(next);
      expect(res.json()).toMatchObject({
        lastFour: next.slice(-4),
        status: 'active',
        lastChecked: null,
        version: 3,
      });
      expect(res.headers.etag).toBe('"v3"');
      const after = await storedRow(erin.id, 'twilio');
      expect(after.id).toBe(before.id);
      expect(after.salt).not.toBe(before.salt);
      expect(after.nonce).not.toBe(before.nonce);
      expect(after.key_ciphertext).not.toBe(before.key_ciphertext);
      expect(JSON.stringify(after)).not.toContain(next);
    });

    it('checks the format offline and records status and time through the ledger', async () => {
      const frank = await signedInUser(t, admin);
      expect(
        (
          await t.call('POST', '/api/v1/me/api-keys', frank.token, {
            service: 'sendgrid',
            key: remember(sampleKey.sendgrid()),
          })
        ).statusCode,
      ).toBe(201);
      const malformed = remember(`not-a-sendgrid-key-${Date.now()}`);
      expect(
        (
          await t.call('POST', '/api/v1/me/api-keys', frank.token, {
            service: 'openai',
            key: malformed,
          })
        ).statusCode,
      ).toBe(201);

      const good = await t.call('POST', '/api/v1/me/api-keys/sendgrid/check', frank.token);
      expect(good.statusCode).toBe(200);
      expect(good.json()).toMatchObject({
        service: 'sendgrid',
        healthy: true,
        reason: null,
        status: 'healthy',
        version: 2,
      });
      expect(Date.parse(good.json().lastChecked)).not.toBeNaN();

      const bad = await t.call('POST', '/api/v1/me/api-keys/openai/check', frank.token);
      expect(bad.json()).toMatchObject({ healthy: false, status: 'unhealthy' });
      expect(bad.json().reason).toContain('OpenAI');
      expect(bad.body).not.toContain(malformed);
      expect((await storedRow(frank.id, 'openai')).status).toBe('unhealthy');

      const c = await superuserClient(t.db.url);
      try {
        const events = await c.query(
          `SELECT e.event_type, e.payload, e.metadata->'previous' AS previous FROM event_store e JOIN api_keys k ON k.id::text = e.stream_id
            WHERE e.stream_type = 'api-key' AND k.user_id = $1 AND k.service = 'openai' ORDER BY e.stream_version`,
          [frank.id],
        );
        expect(events.rows.map((r) => r.event_type)).toEqual([
          'accounts.api-key.stored.v1',
          'accounts.api-key.checked.v1',
        ]);
        expect(events.rows[1].payload).toMatchObject({ service: 'openai', status: 'unhealthy' });
        expect(events.rows[1].previous).toEqual({ status: 'active', lastChecked: null });
      } finally {
        await c.end();
      }
    });

    it('deletes a key, after which it is gone and can be stored again', async () => {
      const gina = await signedInUser(t, admin);
      expect(
        (
          await t.call('POST', '/api/v1/me/api-keys', gina.token, {
            service: 'openai',
            key: remember(sampleKey.openai()),
          })
        ).statusCode,
      ).toBe(201);
      expectProblem(
        await t.call('DELETE', '/api/v1/me/api-keys/openai', gina.token, undefined, {
          'if-match': '"v7"',
        }),
        412,
      );
      const res = await t.call('DELETE', '/api/v1/me/api-keys/openai', gina.token);
      expect(res.statusCode).toBe(204);
      expectProblem(await t.call('GET', '/api/v1/me/api-keys/openai', gina.token), 404);
      expect(await storedRow(gina.id, 'openai')).toBeUndefined();
      expect(
        (
          await t.call('POST', '/api/v1/me/api-keys', gina.token, {
            service: 'openai',
            key: remember(sampleKey.openai()),
          })
        ).statusCode,
      ).toBe(201);
    });
  });

  describe('plan limits', () => {
    it('caps stored keys at the plan’s limit, lifts the cap on upgrade and restores it when the subscription lapses', async () => {
      const hank = await signedInUser(t, admin);
      const store = (service: string, key: string) =>
        t.call('POST', '/api/v1/me/api-keys', hank.token, { service, key: remember(key) });
      expect((await store('openai', sampleKey.openai())).statusCode).toBe(201);
      expect((await store('stripe', sampleKey.stripe())).statusCode).toBe(201);
      const before = await accountsCounts(t);
      const refused = expectProblem(await store('twilio', sampleKey.twilio()), 409);
      expect(refused.code).toBe('ACCOUNTS.PLAN_LIMIT_REACHED');
      expect(await accountsCounts(t)).toEqual(before);

      expect(
        (await t.call('PUT', `/api/v1/users/${hank.id}/plan`, admin, { planName: 'pro' }))
          .statusCode,
      ).toBe(200);
      expect((await store('twilio', sampleKey.twilio())).statusCode).toBe(201);

      expect(
        (
          await t.call('PUT', `/api/v1/users/${hank.id}/plan`, admin, {
            planName: 'pro',
            status: 'canceled',
          })
        ).statusCode,
      ).toBe(200);
      expect(expectProblem(await store('sendgrid', sampleKey.sendgrid()), 409).code).toBe(
        'ACCOUNTS.PLAN_LIMIT_REACHED',
      );
      // replacing is not adding: it stays allowed over the cap
      expect(
        (
          await t.call('PUT', '/api/v1/me/api-keys/openai', hank.token, {
            key: remember(sampleKey.openai()),
          })
        ).statusCode,
      ).toBe(200);
    });

    it('lets only one of two concurrent additions through at the cap', async () => {
      const ivy = await signedInUser(t, admin);
      expect(
        (
          await t.call('POST', '/api/v1/me/api-keys', ivy.token, {
            service: 'openai',
            key: remember(sampleKey.openai()),
          })
        ).statusCode,
      ).toBe(201);
      const results = await Promise.all([
        t.call('POST', '/api/v1/me/api-keys', ivy.token, {
          service: 'stripe',
          key: remember(sampleKey.stripe()),
        }),
        t.call('POST', '/api/v1/me/api-keys', ivy.token, {
          service: 'twilio',
          key: remember(sampleKey.twilio()),
        }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect((await t.call('GET', '/api/v1/me/api-keys', ivy.token)).json().items).toHaveLength(2);
    });
  });

  it('documents the endpoints under api-keys, with no response that could carry a key', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(doc.paths['/api/v1/me/api-keys'].post.tags).toEqual(['api-keys']);
    expect(Object.keys(doc.paths['/api/v1/me/api-keys/{service}'])).toEqual(
      expect.arrayContaining(['get', 'put', 'delete']),
    );
    expect(doc.paths['/api/v1/me/api-keys/{service}/check'].post).toBeDefined();
    expect(doc.paths['/api/v1/users/{id}/api-keys'].get.tags).toEqual(['api-keys']);
    expect(
      doc.paths['/api/v1/me/api-keys'].post.responses['409'].content['application/problem+json'],
    ).toBeDefined();
    expect(doc.components.schemas.ApiKeyResponseDto.properties).not.toHaveProperty('key');
    expect(doc.components.schemas.StoreApiKeyRequestDto.properties.key.writeOnly).toBe(true);
  });

  it('never lets a key reach the ledger, the audit trail or any other table', async () => {
    expect(used.length).toBeGreaterThan(20);
    // Builds the audit trail (the projector does not poll in tests) so its entries are scanned too.
    await t.project();
    const c = await superuserClient(t.db.url);
    try {
      const trail = await c.query(
        `SELECT count(*)::int AS n FROM audit_trail WHERE entry::text LIKE '%accounts.api-key.%'`,
      );
      expect(trail.rows[0].n).toBeGreaterThan(10);
      const events = await c.query(
        `SELECT payload::text AS payload, metadata::text AS metadata FROM event_store`,
      );
      expect(events.rowCount).toBeGreaterThan(20);
      const encrypted = await c.query(`SELECT key_ciphertext, nonce, salt FROM api_keys`);
      const secrets = [
        ...used,
        ...encrypted.rows.flatMap((r) => [r.key_ciphertext, r.nonce, r.salt]),
      ];
      for (const row of events.rows) {
        for (const secret of secrets) {
          expect(row.payload).not.toContain(secret);
          expect(row.metadata).not.toContain(secret);
        }
      }
      const apiKeyEvents = await c.query(
        `SELECT payload::text AS p FROM event_store WHERE stream_type = 'api-key'`,
      );
      for (const { p } of apiKeyEvents.rows) expect(p).not.toMatch(/ciphertext|nonce|salt|"key"/i);
    } finally {
      await c.end();
    }
    expect(await rowsContaining(t, used)).toEqual([]);
    // the scan itself finds what is there: a ciphertext, in api_keys only
    const row = await storedRow((await signedInUserWithKey()).id, 'openai');
    expect(await rowsContaining(t, [row.key_ciphertext])).toEqual([
      `api_keys: …${row.key_ciphertext.slice(0, 6)}…`,
    ]);
  });

  async function signedInUserWithKey() {
    const u = await signedInUser(t, admin);
    expect(
      (
        await t.call('POST', '/api/v1/me/api-keys', u.token, {
          service: 'openai',
          key: sampleKey.openai(),
        })
      ).statusCode,
    ).toBe(201);
    return u;
  }
});
