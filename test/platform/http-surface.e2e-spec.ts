import { ExecutionContext } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config';
import { MetricsScraperGuard } from '../../src/platform/metrics.controller';
import { superuserClient } from '@opsledger/testing';
import { createTestApp, TestApp, SCRAPER } from '../support/test-app';

describe('HTTP surface (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: 'https://app.example.com' });
    admin = await t.loginAsAdmin();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without a token', async () => {
    expect((await t.call('GET', '/health/live', null)).json()).toEqual({ status: 'ok' });
    const ready = await t.call('GET', '/health/ready', null);
    expect(ready.statusCode).toBe(200);
    expect(ready.json().info).toEqual({
      database: { status: 'up' },
      documentStore: { status: 'up' },
      ledgerHorizon: expect.objectContaining({ status: 'up', state: 'ok', limitSeconds: 300 }),
    });
  });

  it('publishes the public keys at /.well-known/jwks.json, never a private part', async () => {
    const jwks = (await t.call('GET', '/.well-known/jwks.json', null)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const header = JSON.parse(Buffer.from(admin.split('.')[0], 'base64url').toString());
    expect(header.kid).toBe(jwks.keys[0].kid);
  });

  it('exposes Prometheus metrics: request latency by route and ledger appends', async () => {
    await t.call('GET', '/api/v1/users', admin);
    const text = (await t.call('GET', '/metrics', null, undefined, SCRAPER)).body;
    expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/users"/);
    expect(text).toMatch(/opsledger_events_appended_total \d+/);
  });

  it('serves metrics only to the scraper holding METRICS_TOKEN', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong-token-of-some-length',
      `Bearer ${admin}`,
    ]) {
      const res = await t.call(
        'GET',
        '/metrics',
        null,
        undefined,
        authorization ? { authorization } : {},
      );
      expect(res.statusCode).toBe(401);
      expect(String(res.headers['content-type'])).toContain('application/problem+json');
      expect(res.body).not.toContain('http_request_duration_seconds');
    }
    // without METRICS_TOKEN, nobody is a scraper
    const unset = new MetricsScraperGuard({ METRICS_TOKEN: undefined } as AppConfig);
    const context = {
      switchToHttp: () => ({ getRequest: () => ({ headers: SCRAPER }) }),
    } as unknown as ExecutionContext;
    expect(() => unset.canActivate(context)).toThrow(/METRICS_TOKEN/);
    const set = new MetricsScraperGuard({ METRICS_TOKEN: t.config.METRICS_TOKEN } as AppConfig);
    expect(set.canActivate(context)).toBe(true);
  });

  it('documents every route, the bearer scheme and problem responses in OpenAPI', async () => {
    const doc = (await t.call('GET', '/docs-json', null)).json();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/me/sessions',
      '/api/v1/me/sessions/{id}',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(
      doc.paths['/api/v1/users'].post.responses['409'].content['application/problem+json'],
    ).toBeDefined();
    expect(doc.components.schemas.ProblemDocument).toBeDefined();
    const ui = await t.call('GET', '/docs', null);
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui');
  });

  it('sends security headers and honours the CORS allow-list', async () => {
    const res = await t.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://app.example.com' },
    });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const other = await t.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await t.call('GET', '/api/v1/nothing-here', admin);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  describe('Idempotency-Key', () => {
    const countUsers = async () => {
      const c = await superuserClient(t.db.url);
      const r = await c.query('SELECT count(*)::int AS n FROM users');
      await c.end();
      return r.rows[0].n as number;
    };

    it('replays the first response for a retry and writes nothing new', async () => {
      const body = { email: 'idem@test.opsledger', password: 'a-long-enough-password' };
      const first = await t.call('POST', '/api/v1/users', admin, body, {
        'idempotency-key': 'create-idem-user-1',
      });
      expect(first.statusCode).toBe(201);
      const count = await countUsers();
      const retry = await t.call('POST', '/api/v1/users', admin, body, {
        'idempotency-key': 'create-idem-user-1',
      });
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json().id).toBe(first.json().id);
      expect(retry.headers.location).toBe(first.headers.location);
      expect(await countUsers()).toBe(count);
    });

    it('refuses the same key with another body (422) and a malformed key (400)', async () => {
      await t.call(
        'POST',
        '/api/v1/users',
        admin,
        { email: 'idem2@test.opsledger', password: 'a-long-enough-password' },
        { 'idempotency-key': 'create-idem-user-2' },
      );
      const other = await t.call(
        'POST',
        '/api/v1/users',
        admin,
        { email: 'idem3@test.opsledger', password: 'a-long-enough-password' },
        { 'idempotency-key': 'create-idem-user-2' },
      );
      expect(other.statusCode).toBe(422);
      expect(other.json().errors[0].field).toBe('Idempotency-Key');
      const bad = await t.call(
        'POST',
        '/api/v1/users',
        admin,
        { email: 'idem4@test.opsledger', password: 'a-long-enough-password' },
        { 'idempotency-key': 'x' },
      );
      expect(bad.statusCode).toBe(400);
    });

    it('replays the status the first answer had, when the route decides it at run time', async () => {
      // Sealing answers 201 for a new seal and 200 when nothing new was committed since.
      const created = await t.call('POST', '/api/v1/audit/seals', admin, undefined, {
        'idempotency-key': 'seal-idem-1',
      });
      expect(created.statusCode).toBe(201);
      let settled = 201;
      for (let i = 0; i < 5 && settled === 201; i++)
        settled = (await t.call('POST', '/api/v1/audit/seals', admin)).statusCode;
      expect(settled).toBe(200);
      const unchanged = await t.call('POST', '/api/v1/audit/seals', admin, undefined, {
        'idempotency-key': 'seal-idem-2',
      });
      expect(unchanged.statusCode).toBe(200);
      const replayed = await t.call('POST', '/api/v1/audit/seals', admin, undefined, {
        'idempotency-key': 'seal-idem-2',
      });
      expect(replayed.headers['idempotent-replayed']).toBe('true');
      expect(replayed.statusCode).toBe(200);
      expect(replayed.json()).toEqual(unchanged.json());
      const first = await t.call('POST', '/api/v1/audit/seals', admin, undefined, {
        'idempotency-key': 'seal-idem-1',
      });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toEqual(created.json());
    });

    it('releases the key when the command fails, so a corrected retry can run', async () => {
      const dup = await t.call(
        'POST',
        '/api/v1/users',
        admin,
        { email: 'idem@test.opsledger', password: 'a-long-enough-password' },
        { 'idempotency-key': 'create-idem-user-5' },
      );
      expect(dup.statusCode).toBe(409);
      const fixed = await t.call(
        'POST',
        '/api/v1/users',
        admin,
        { email: 'idem@test.opsledger', password: 'a-long-enough-password' },
        { 'idempotency-key': 'create-idem-user-5' },
      );
      expect(fixed.statusCode).toBe(409);
      // Ran again (the key was released), rather than being refused as still in progress.
      expect(fixed.json().code).toBe('IDENTITY.EMAIL_TAKEN');
      expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    });
  });
});
