import { superuserClient } from '@opsledger/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { validateEnvironment } from '../../src/config/app-config';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; json(): any };

const EXTERNAL_ISSUER = 'https://login.example.test/';
const AUDIENCE = 'https://api.opsledger.example';

describe('external identities (e2e)', () => {
  let t: TestApp;
  let jwksServer: Server;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let user: { id: string; email: string; password: string };

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const counts = async () => {
    const c = await superuserClient(t.db.url);
    const r = (
      await c.query(`SELECT (SELECT count(*)::int FROM external_identities) AS rows,
      (SELECT count(*)::int FROM event_store WHERE stream_type = 'external-identity') AS events`)
    ).rows[0];
    await c.end();
    return r as { rows: number; events: number };
  };
  const externalToken = (
    claims: { iss?: string; aud?: string; sub?: string; exp?: number } = {},
    key = keys.privateKey,
    alg = 'RS256',
  ) =>
    new SignJWT({ scope: 'openid' })
      .setProtectedHeader({ alg, kid: 'ext-1' })
      .setIssuer(claims.iss ?? EXTERNAL_ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setSubject(claims.sub ?? 'auth0|5f7c8ec7')
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '5m')
      .sign(key);

  beforeAll(async () => {
    keys = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'ext-1', alg: 'RS256', use: 'sig' };
    jwksServer = createServer((req, res) => {
      res.writeHead(req.url === '/.well-known/jwks.json' ? 200 : 404, {
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const port = (jwksServer.address() as AddressInfo).port;
    t = await createTestApp({
      EXTERNAL_ISSUERS: JSON.stringify([
        {
          issuer: EXTERNAL_ISSUER,
          jwksUri: `http://127.0.0.1:${port}/.well-known/jwks.json`,
          audience: AUDIENCE,
          provider: 'auth0',
        },
      ]),
    });
    const admin = await t.loginAsAdmin();
    user = await t.createUser(admin);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  it('links an identity, accepts its issuer’s access token as the user, and stops after unlinking', async () => {
    const admin = await t.loginAsAdmin();
    const before = await counts();
    expectProblem(await t.call('GET', '/api/v1/me', await externalToken()), 401);

    const linked = await t.call('POST', `/api/v1/users/${user.id}/external-identities`, admin, {
      provider: 'auth0',
      subject: 'auth0|5f7c8ec7',
    });
    expect(linked.statusCode).toBe(201);
    expect(linked.json()).toMatchObject({
      userId: user.id,
      provider: 'auth0',
      subject: 'auth0|5f7c8ec7',
    });
    expect(linked.headers.location).toBe(
      `/api/v1/users/${user.id}/external-identities/${linked.json().id}`,
    );
    expect(await counts()).toEqual({ rows: before.rows + 1, events: before.events + 1 });

    const me = await t.call('GET', '/api/v1/me', await externalToken());
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: user.id, email: user.email });

    const list = await t.call('GET', `/api/v1/users/${user.id}/external-identities`, admin);
    expect(list.json().items).toHaveLength(1);

    expect(
      (
        await t.call(
          'DELETE',
          `/api/v1/users/${user.id}/external-identities/${linked.json().id}`,
          admin,
        )
      ).statusCode,
    ).toBe(204);
    expectProblem(await t.call('GET', '/api/v1/me', await externalToken()), 401);
    const c = await superuserClient(t.db.url);
    const types = (
      await c.query(
        `SELECT event_type FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
        [linked.json().id],
      )
    ).rows.map((r) => r.event_type);
    await c.end();
    expect(types).toEqual([
      'oauth.external-identity.linked.v1',
      'oauth.external-identity.unlinked.v1',
    ]);
  });

  it('refuses tokens that do not verify', async () => {
    const admin = await t.loginAsAdmin();
    await t.call('POST', `/api/v1/users/${user.id}/external-identities`, admin, {
      provider: 'auth0',
      subject: 'auth0|refusals',
    });
    const other = await generateKeyPair('RS256');
    const hmac = new TextEncoder().encode('x'.repeat(32));
    const cases = [
      await externalToken({ sub: 'auth0|refusals', aud: 'someone-else' }),
      await externalToken({ sub: 'auth0|refusals' }, other.privateKey),
      await externalToken({ sub: 'auth0|refusals', exp: Math.floor(Date.now() / 1000) - 60 }),
      await externalToken({ sub: 'auth0|refusals' }, hmac as never, 'HS256'),
      await externalToken({ sub: 'auth0|nobody' }),
      await externalToken({ sub: 'auth0|refusals', iss: 'https://unknown.example.test/' }),
    ];
    for (const token of cases) expectProblem(await t.call('GET', '/api/v1/me', token), 401);
    expect(
      (await t.call('GET', '/api/v1/me', await externalToken({ sub: 'auth0|refusals' })))
        .statusCode,
    ).toBe(200);
  });

  it.each([
    ['a malformed provider', { provider: 'Auth0!', subject: 'x' }, 'provider'],
    ['an empty subject', { provider: 'auth0', subject: '' }, 'subject'],
    ['an unknown field', { provider: 'auth0', subject: 'x', userId: 'y' }, 'userId'],
  ])('linking with %s is a 400 naming the field, nothing written', async (_name, body, field) => {
    const admin = await t.loginAsAdmin();
    const before = await counts();
    expectProblem(
      await t.call('POST', `/api/v1/users/${user.id}/external-identities`, admin, body),
      400,
      field,
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses a taken subject (409), an unknown account (404) and non-admins (403), writing nothing', async () => {
    const admin = await t.loginAsAdmin();
    await t.call('POST', `/api/v1/users/${user.id}/external-identities`, admin, {
      provider: 'auth0',
      subject: 'auth0|taken',
    });
    const before = await counts();
    const someone = await t.createUser(admin);
    expectProblem(
      await t.call('POST', `/api/v1/users/${someone.id}/external-identities`, admin, {
        provider: 'auth0',
        subject: 'auth0|taken',
      }),
      409,
      'subject',
    );
    expectProblem(
      await t.call(
        'POST',
        '/api/v1/users/0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11/external-identities',
        admin,
        { provider: 'auth0', subject: 'auth0|ghost' },
      ),
      404,
    );
    const token = (await t.login(someone.email, someone.password)).accessToken;
    expectProblem(
      await t.call('POST', `/api/v1/users/${someone.id}/external-identities`, token, {
        provider: 'auth0',
        subject: 'auth0|self',
      }),
      403,
    );
    expectProblem(
      await t.call(
        'DELETE',
        `/api/v1/users/${someone.id}/external-identities/0b7c3c5e-4f1a-4c55-9d1e-5a7a4d6f0c11`,
        admin,
      ),
      404,
    );
    expect(await counts()).toEqual(before);
  });
});

describe('EXTERNAL_ISSUERS configuration', () => {
  it.each([
    ['not JSON', 'nope'],
    ['not an array', '{}'],
    [
      'a relative jwksUri',
      JSON.stringify([
        { issuer: 'https://a.test/', jwksUri: '/jwks', audience: 'api', provider: 'auth0' },
      ]),
    ],
    [
      'no audience',
      JSON.stringify([
        { issuer: 'https://a.test/', jwksUri: 'https://a.test/jwks', provider: 'auth0' },
      ]),
    ],
    [
      'a bad provider',
      JSON.stringify([
        {
          issuer: 'https://a.test/',
          jwksUri: 'https://a.test/jwks',
          audience: 'api',
          provider: 'Auth 0',
        },
      ]),
    ],
  ])('stops the start with one line naming the variable when it is %s', (_name, value) => {
    expect(() => validateEnvironment({ EXTERNAL_ISSUERS: value })).toThrow(
      /^Invalid configuration: EXTERNAL_ISSUERS /,
    );
  });

  it('accepts a valid list and an empty value', () => {
    expect(() => validateEnvironment({ EXTERNAL_ISSUERS: '' })).not.toThrow();
    const valid = JSON.stringify([
      {
        issuer: 'https://a.test/',
        jwksUri: 'https://a.test/jwks',
        audience: 'api',
        provider: 'auth0',
      },
    ]);
    expect(validateEnvironment({ EXTERNAL_ISSUERS: valid }).EXTERNAL_ISSUERS).toBe(valid);
  });
});
