import { superuserClient } from '@opsledger/testing';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

describe('OAuth client administration (e2e)', () => {
  let t: TestApp;
  let admin: string;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json().status).toBe(status);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT (SELECT count(*)::int FROM oauth_clients) AS clients,
      (SELECT count(*)::int FROM event_store WHERE stream_type = 'oauth-client') AS events`);
    await c.end();
    return r.rows[0] as { clients: number; events: number };
  };
  const register = async (body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/api/v1/oauth/clients', admin, {
      name: 'Field app',
      redirectUris: ['https://app.example.com/callback'],
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as {
      id: string;
      clientId: string;
      clientSecret: string | null;
      version: number;
    };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  it('registers a confidential client: generated client_id, a secret shown once and stored hashed, a ledger event', async () => {
    const before = await counts();
    const res = await t.call('POST', '/api/v1/oauth/clients', admin, {
      name: 'Field app',
      redirectUris: ['https://app.example.com/callback', 'http://127.0.0.1:8080/cb'],
      postLogoutRedirectUris: ['https://app.example.com/bye'],
    });
    expect(res.statusCode).toBe(201);
    const client = res.json();
    expect(client).toMatchObject({
      name: 'Field app',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile', 'email', 'offline_access', 'api'],
      audience: ['opsledger-api'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      isFirstParty: false,
      isActive: true,
      tenantId: null,
      version: 1,
    });
    expect(client.clientId).toMatch(/^ocl_[A-Za-z0-9_-]{22}$/);
    expect(client.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers.location).toBe(`/api/v1/oauth/clients/${client.id}`);
    expect(res.headers.etag).toBe('"v1"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await counts()).toEqual({ clients: before.clients + 1, events: before.events + 1 });

    const c = await superuserClient(t.db.url);
    const row = (
      await c.query(`SELECT client_secret FROM oauth_clients WHERE id = $1`, [client.id])
    ).rows[0];
    const events = (
      await c.query(
        `SELECT event_type, payload::text AS payload FROM event_store WHERE stream_id = $1`,
        [client.id],
      )
    ).rows;
    await c.end();
    expect(row.client_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(row.client_secret).not.toContain(client.clientSecret);
    expect(events).toHaveLength(1);
    expect(events[0].event_type).toBe('oauth.client.registered.v1');
    expect(events[0].payload).not.toContain(client.clientSecret);
    expect(events[0].payload).not.toContain(row.client_secret);

    const got = await t.call('GET', `/api/v1/oauth/clients/${client.id}`, admin);
    expect(got.statusCode).toBe(200);
    expect(got.json()).not.toHaveProperty('clientSecret');
  });

  it('registers a public client without a secret', async () => {
    const client = await register({ tokenEndpointAuthMethod: 'none' });
    expect(client.clientSecret).toBeNull();
  });

  it('lists clients with a cursor', async () => {
    await register();
    await register();
    const first = (await t.call('GET', '/api/v1/oauth/clients?limit=1', admin)).json();
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (
      await t.call('GET', `/api/v1/oauth/clients?limit=1&cursor=${first.nextCursor}`, admin)
    ).json();
    expect(second.items[0].id).not.toBe(first.items[0].id);
  });

  it('changes settings with If-Match, recording old and new values', async () => {
    const client = await register();
    const res = await t.call(
      'PATCH',
      `/api/v1/oauth/clients/${client.id}`,
      admin,
      {
        redirectUris: ['https://app.example.com/new'],
        isFirstParty: true,
        audience: ['opsledger-api', 'https://reports.example.com'],
      },
      { 'if-match': '"v1"' },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      redirectUris: ['https://app.example.com/new'],
      isFirstParty: true,
      version: 2,
    });
    expect(res.headers.etag).toBe('"v2"');
    const stale = await t.call(
      'PATCH',
      `/api/v1/oauth/clients/${client.id}`,
      admin,
      { name: 'Stale' },
      { 'if-match': '"v1"' },
    );
    expectProblem(stale, 412);
    const c = await superuserClient(t.db.url);
    const event = (
      await c.query(
        `SELECT payload, metadata FROM event_store WHERE stream_id = $1 AND event_type = 'oauth.client.changed.v1'`,
        [client.id],
      )
    ).rows[0];
    await c.end();
    expect(event.payload).toEqual({
      redirectUris: ['https://app.example.com/new'],
      isFirstParty: true,
      audience: ['opsledger-api', 'https://reports.example.com'],
    });
    expect(event.metadata.previous).toEqual({
      redirectUris: ['https://app.example.com/callback'],
      isFirstParty: false,
      audience: ['opsledger-api'],
    });
  });

  it('rotates the secret (the old hash is replaced) and deactivates', async () => {
    const client = await register();
    const rotated = await t.call('POST', `/api/v1/oauth/clients/${client.id}/rotate-secret`, admin);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json().clientId).toBe(client.clientId);
    expect(rotated.json().clientSecret).not.toBe(client.clientSecret);
    expect(
      (await t.call('POST', `/api/v1/oauth/clients/${client.id}/deactivate`, admin)).statusCode,
    ).toBe(204);
    expect((await t.call('GET', `/api/v1/oauth/clients/${client.id}`, admin)).json().isActive).toBe(
      false,
    );
    expectProblem(
      await t.call('POST', `/api/v1/oauth/clients/${client.id}/rotate-secret`, admin),
      409,
    );
    expectProblem(
      await t.call('PATCH', `/api/v1/oauth/clients/${client.id}`, admin, { name: 'x' }),
      409,
    );
  });

  it('a public client has no secret to rotate', async () => {
    const client = await register({ tokenEndpointAuthMethod: 'none' });
    expectProblem(
      await t.call('POST', `/api/v1/oauth/clients/${client.id}/rotate-secret`, admin),
      409,
    );
  });

  it.each([
    ['no name', { redirectUris: ['https://a.example/cb'] }, 'name'],
    [
      'unknown field',
      { name: 'x', redirectUris: ['https://a.example/cb'], secret: 'mine' },
      'secret',
    ],
    [
      'http redirect to a public host',
      { name: 'x', redirectUris: ['http://app.example.com/cb'] },
      'redirectUris',
    ],
    ['relative redirect', { name: 'x', redirectUris: ['/callback'] }, 'redirectUris'],
    [
      'redirect with a fragment',
      { name: 'x', redirectUris: ['https://a.example/cb#x'] },
      'redirectUris',
    ],
    [
      'wildcard redirect',
      { name: 'x', redirectUris: ['https://*.example.com/cb'] },
      'redirectUris',
    ],
    ['redirect not a string', { name: 'x', redirectUris: [42] }, 'redirectUris'],
    ['code flow without redirect URI', { name: 'x', redirectUris: [] }, 'redirectUris'],
    [
      'unknown grant',
      { name: 'x', redirectUris: ['https://a.example/cb'], grantTypes: ['password'] },
      'grantTypes',
    ],
    [
      'implicit grant',
      { name: 'x', redirectUris: ['https://a.example/cb'], grantTypes: ['implicit'] },
      'grantTypes',
    ],
    [
      'refresh without code',
      { name: 'x', grantTypes: ['client_credentials', 'refresh_token'] },
      'grantTypes',
    ],
    [
      'public machine client',
      { name: 'x', grantTypes: ['client_credentials'], tokenEndpointAuthMethod: 'none' },
      'grantTypes',
    ],
    [
      'unknown scope',
      { name: 'x', redirectUris: ['https://a.example/cb'], scopes: ['openid', 'root'] },
      'scopes',
    ],
    [
      'bad auth method',
      {
        name: 'x',
        redirectUris: ['https://a.example/cb'],
        tokenEndpointAuthMethod: 'private_key_jwt',
      },
      'tokenEndpointAuthMethod',
    ],
    [
      'bad audience',
      { name: 'x', redirectUris: ['https://a.example/cb'], audience: ['not a uri'] },
      'audience',
    ],
    [
      'bad tenant id',
      { name: 'x', redirectUris: ['https://a.example/cb'], tenantId: 'nope' },
      'tenantId',
    ],
    [
      'bad post-logout URI',
      {
        name: 'x',
        redirectUris: ['https://a.example/cb'],
        postLogoutRedirectUris: ['ftp://a.example/'],
      },
      'postLogoutRedirectUris',
    ],
  ])('POST with %s is a 400 naming the field, nothing written', async (_name, body, field) => {
    const before = await counts();
    expectProblem(await t.call('POST', '/api/v1/oauth/clients', admin, body), 400, field);
    expect(await counts()).toEqual(before);
  });

  it('an unknown tenant is refused naming tenantId, nothing written', async () => {
    const before = await counts();
    const res = await t.call('POST', '/api/v1/oauth/clients', admin, {
      name: 'x',
      redirectUris: ['https://a.example/cb'],
      tenantId: '0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expectProblem(res, res.statusCode, 'tenantId');
    expect(await counts()).toEqual(before);
  });

  it('PATCH that breaks an invariant is a 400 naming the field and changes nothing', async () => {
    const client = await register();
    const before = await counts();
    expectProblem(
      await t.call('PATCH', `/api/v1/oauth/clients/${client.id}`, admin, { redirectUris: [] }),
      400,
      'redirectUris',
    );
    expectProblem(
      await t.call('PATCH', `/api/v1/oauth/clients/${client.id}`, admin, { scopes: 'openid' }),
      400,
      'scopes',
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses an Idempotency-Key where the response carries a secret', async () => {
    const before = await counts();
    const res = await t.call(
      'POST',
      '/api/v1/oauth/clients',
      admin,
      { name: 'x', redirectUris: ['https://a.example/cb'] },
      { 'idempotency-key': 'register-client-1' },
    );
    expectProblem(res, 400, 'Idempotency-Key');
    expect(await counts()).toEqual(before);
  });

  it('is for platform admins only: another user gets 403 and writes nothing; no token is 401', async () => {
    const client = await register();
    const user = await t.createUser(admin);
    const token = (await t.login(user.email, user.password)).accessToken;
    const before = await counts();
    expectProblem(
      await t.call('POST', '/api/v1/oauth/clients', token, {
        name: 'x',
        redirectUris: ['https://a.example/cb'],
      }),
      403,
    );
    expectProblem(await t.call('GET', '/api/v1/oauth/clients', token), 403);
    expectProblem(await t.call('GET', `/api/v1/oauth/clients/${client.id}`, token), 403);
    expectProblem(
      await t.call('POST', `/api/v1/oauth/clients/${client.id}/rotate-secret`, token),
      403,
    );
    expectProblem(await t.call('GET', '/api/v1/oauth/clients', null), 401);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for an unknown client and 400 for a malformed id', async () => {
    expectProblem(
      await t.call('GET', '/api/v1/oauth/clients/8d4f0a7e-7a43-4e4b-9d55-9f0a2b9e2a11', admin),
      404,
    );
    expectProblem(await t.call('GET', '/api/v1/oauth/clients/nope', admin), 400, 'id');
  });

  it('documents the admin endpoints under the oauth tag', async () => {
    const doc = (await t.call('GET', '/docs-json', null)).json();
    expect(doc.paths['/api/v1/oauth/clients'].post.tags).toEqual(['oauth']);
    expect(doc.paths['/api/v1/oauth/clients/{id}/rotate-secret']).toBeDefined();
  });
});
