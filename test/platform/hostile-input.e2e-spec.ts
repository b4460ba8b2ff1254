import { superuserClient } from '@opsledger/testing';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

type Res = { statusCode: number; headers: Record<string, unknown>; body: string; json(): any };

/** The hostile inputs of issue 11: each is a 4xx in the endpoint's format, and writes nothing. */
describe('hostile input (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let owner: TenantMember;

  const expectProblem = (res: Res, status: number, field?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    expect(res.json().status).toBe(status);
    if (field) expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  };
  const expectOAuthError = (res: Res) => {
    expect(res.statusCode).toBe(400);
    expect(String(res.headers['content-type'])).toContain('application/json');
    expect(res.json()).toMatchObject({ error: 'invalid_request' });
  };
  const expectPage = (res: Res) => {
    expect(res.statusCode).toBe(400);
    expect(String(res.headers['content-type'])).toContain('text/html');
    expect(res.body).toContain('NUL');
  };
  const rows = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT (SELECT count(*)::int FROM customers) AS customers,
      (SELECT count(*)::int FROM users) AS users,
      (SELECT count(*)::int FROM event_store) AS events`);
    await c.end();
    return r.rows[0] as { customers: number; users: number; events: number };
  };
  const form = (url: string, body: string) =>
    t.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body,
    });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    owner = (await createTenantWithMembers(t, admin, { owner: 'owner' })).members.owner;
  });
  afterAll(() => t.close());

  describe('NUL characters', () => {
    it('is a 400 naming the field in a query, a path or a body, with and without a login', async () => {
      const before = await rows();
      expectProblem(await t.call('GET', '/api/v1/customers?q=%00', owner.token), 400, 'q');
      expectProblem(await t.call('GET', '/api/v1/customers?q=%00', null), 400, 'q');
      expectProblem(await t.call('GET', '/api/v1/customers/a%00b', owner.token), 400, 'id');
      expectProblem(
        await t.call('POST', '/api/v1/customers', owner.token, {
          email: 'nul@acme.example',
          companyName: 'a\u0000b',
        }),
        400,
        'companyName',
      );
      expectProblem(
        await t.call('POST', '/api/v1/customers', owner.token, {
          email: 'nul2@acme.example',
          address: { street: 'x\u0000', city: 'y' },
        }),
        400,
        'address.street',
      );
      expectProblem(
        await t.call('POST', '/api/v1/auth/login', null, {
          login: 'x\u0000@x.test',
          password: 'whatever-password',
        }),
        400,
        'login',
      );
      expectProblem(
        await t.call('POST', '/api/v1/auth/sign-up', null, {
          tenantSlug: 'open-co',
          email: 'n@x.test',
          password: 'sign-up-password-1',
          fullName: 'N\u0000',
        }),
        400,
        'fullName',
      );
      expect(await rows()).toEqual(before);
    });

    it('answers the OAuth error format on the protocol endpoints', async () => {
      expectOAuthError(await form('/oauth/token', 'grant_type=client_credentials&client_id=x%00'));
      expectOAuthError(await form('/oauth/revoke', 'token=a&client_id=x%00'));
      expectOAuthError(await form('/oauth/introspect', 'token=a&client_id=x%00'));
    });

    it('answers a 400 page on the browser endpoints', async () => {
      expectPage(
        await t.inject({
          method: 'GET',
          url: '/oauth/authorize?client_id=%00&response_type=code&redirect_uri=https://x.test/cb',
        }),
      );
      expectPage(await t.inject({ method: 'GET', url: '/oauth/logout?client_id=%00' }));
    });
  });

  it('refuses JSON nested deeper than the bound with a 400, before validation', async () => {
    const before = await rows();
    let deep: unknown = 'x';
    for (let i = 0; i < 3000; i += 1) deep = [deep];
    const payload = JSON.stringify({ login: 'a@b.test', password: deep });
    expectProblem(await t.call('POST', '/api/v1/auth/login', null, payload), 400);
    expectProblem(
      await t.call('POST', '/api/v1/customers', owner.token, { email: 'deep@x.test', notes: deep }),
      400,
    );
    expect(await rows()).toEqual(before);
  });

  it('accepts only UTF-8 JSON bodies on JSON endpoints (415 otherwise), forms on OAuth', async () => {
    const before = await rows();
    const post = (type: string, payload: string) =>
      t.inject({
        method: 'POST',
        url: '/api/v1/customers',
        headers: { authorization: `Bearer ${owner.token}`, 'content-type': type },
        payload,
      });
    expectProblem(await post('application/x-www-form-urlencoded', 'email=form@x.test'), 415);
    expectProblem(
      await post('application/json; charset=utf-16', JSON.stringify({ email: 'u16@x.test' })),
      415,
    );
    expectProblem(await post('text/plain', JSON.stringify({ email: 'tp@x.test' })), 415);
    expect(await rows()).toEqual(before);
    const ok = await post(
      'application/json; charset=UTF-8',
      JSON.stringify({ email: 'ok@x.test' }),
    );
    expect(ok.statusCode).toBe(201);
    // the token endpoint keeps its form encoding
    const token = await form('/oauth/token', 'grant_type=client_credentials&client_id=nobody');
    expect(token.statusCode).toBe(401);
    expect(token.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('compares If-Match strongly: a weak tag is a 412, a malformed one a 400', async () => {
    const created = await t.call('POST', '/api/v1/customers', owner.token, { email: 'im@x.test' });
    const url = `/api/v1/customers/${created.json().id}`;
    const weak = await t.call(
      'PATCH',
      url,
      owner.token,
      { companyName: 'W' },
      {
        'if-match': 'W/"v1"',
      },
    );
    expectProblem(weak, 412);
    expectProblem(
      await t.call('PATCH', url, owner.token, { companyName: 'W' }, { 'if-match': 'v1' }),
      400,
      'If-Match',
    );
    const after = await t.call('GET', url, owner.token);
    expect(after.json().version).toBe(1);
  });

  it('answers a 400 problem for an over-long path parameter, before authentication', async () => {
    const long = 'a'.repeat(500);
    expectProblem(await t.call('GET', `/api/v1/customers/${long}`, null), 400, 'path');
    expectProblem(await t.call('GET', `/api/v1/customers/${long}`, owner.token), 400, 'path');
    expectProblem(await t.call('GET', `/api/v1/customers/%zz`, owner.token), 400, 'path');
  });

  it('takes limit as decimal digits only and refuses forged audit cursors', async () => {
    for (const limit of ['1e2', '0x10', ' 5', '5.0'])
      expectProblem(
        await t.call('GET', `/api/v1/customers?limit=${encodeURIComponent(limit)}`, owner.token),
        400,
        'limit',
      );
    expect((await t.call('GET', '/api/v1/customers?limit=10', owner.token)).statusCode).toBe(200);
    await t.project();
    const first = await t.call('GET', '/api/v1/audit/events?limit=1', admin);
    expect(first.statusCode).toBe(200);
    const next = first.json().nextCursor as string;
    expect((await t.call('GET', `/api/v1/audit/events?cursor=${next}`, admin)).statusCode).toBe(
      200,
    );
    const [position] = JSON.parse(Buffer.from(next, 'base64url').toString()) as [number, string];
    for (const forged of [
      [position, '00000000-0000-0000-0000-000000000000'],
      [position + 1000, JSON.parse(Buffer.from(next, 'base64url').toString())[1]],
      [position, 'x\u0000'],
    ]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      expectProblem(
        await t.call('GET', `/api/v1/audit/events?cursor=${cursor}`, admin),
        400,
        'cursor',
      );
      expectProblem(
        await t.call('GET', `/api/v1/audit/audit-logs?cursor=${cursor}`, admin),
        400,
        'cursor',
      );
    }
  });

  it("sends a CSP without 'unsafe-inline' scripts; pages keep their styles by hash", async () => {
    const csp = (res: Res) => String(res.headers['content-security-policy']);
    const api = await t.call('GET', '/api/v1/customers', owner.token);
    expect(csp(api)).not.toContain('unsafe-inline');
    expect(csp(api)).toContain("script-src 'self'");
    const docs = await t.call('GET', '/docs', null);
    expect(/script-src[^;]*unsafe-inline/.test(csp(docs))).toBe(false);
    const page = await t.inject({ method: 'GET', url: '/oauth/logout' });
    expect(String(page.headers['content-type'])).toContain('text/html');
    expect(csp(page)).not.toContain('unsafe-inline');
    expect(csp(page)).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it('documents what these refusals answer, on every operation they can reach', async () => {
    type Op = {
      parameters?: Array<{ in: string; name: string }>;
      requestBody?: { content: Record<string, unknown> };
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    const doc = (await t.call('GET', '/docs-json', null)).json() as {
      paths: Record<string, Record<string, Op>>;
      components: { schemas: Record<string, any> };
    };
    const missing: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        if (!op.responses['400']?.content) missing.push(`${where} 400`);
        if (op.requestBody?.content['application/json'] && !op.responses['415'])
          missing.push(`${where} 415`);
        const idempotent = op.parameters?.some((p) => p.name.toLowerCase() === 'idempotency-key');
        if (idempotent && !op.responses['422']?.content?.['application/problem+json'])
          missing.push(`${where} 422`);
      }
    expect(missing).toEqual([]);
    expect(doc.paths['/api/v1/customers'].post.responses['422']).toBeDefined();
    expect(doc.paths['/oauth/authorize'].get.responses['400'].content).toHaveProperty('text/html');
    expect(doc.paths['/oauth/token'].post.responses['400'].content).toHaveProperty(
      'application/json',
    );
    expect(doc.paths['/metrics'].get.responses['401']).toBeDefined();
    const change = doc.components.schemas.FieldChangeDto.properties.old;
    expect(change.nullable).toBe(true);
    expect(change.oneOf.map((s: { type: string }) => s.type)).toEqual(
      expect.arrayContaining(['string', 'number', 'boolean', 'object', 'array']),
    );
  });
});
