import { ProjectionRunner } from '@opsledger/event-store';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestApp, TestApp } from '../support/test-app';
import { waitForLedgerHorizon } from '@opsledger/testing';

const PROBLEM = 'application/problem+json';

describe('audit API (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let member: string;
  let auditorId: string;

  const get = (url: string, token: string | null) => t.call('GET', url, token);
  const settle = () => waitForLedgerHorizon(t.db.url);
  const project = async () => {
    await settle();
    await t.app.get(ProjectionRunner).catchUpAll();
  };
  const seal = async (token: string) => {
    await settle();
    return t.call('POST', '/api/v1/audit/seals', token);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    const a = await t.createUser(admin, { role: 'auditor' });
    auditorId = a.id;
    auditor = (await t.login(a.email, a.password)).accessToken;
    const m = await t.createUser(admin, { role: 'user' });
    member = (await t.login(m.email, m.password)).accessToken;
    await project();
  });
  afterAll(() => t.close());

  describe('access', () => {
    it.each([
      '/api/v1/audit/events',
      '/api/v1/audit/audit-logs',
      '/api/v1/audit/verify',
      '/api/v1/audit/seals',
      '/api/v1/audit/export',
    ])('%s: 401 without a token, 403 for a non-auditor, 200 for an auditor', async (url) => {
      const anonymous = await get(url, null);
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['content-type']).toContain(PROBLEM);
      const forbidden = await get(url, member);
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.headers['content-type']).toContain(PROBLEM);
      expect(forbidden.json().code).toBe('AUTH.ROLE_REQUIRED');
      expect((await get(url, auditor)).statusCode).toBe(200);
      expect((await get(url, admin)).statusCode).toBe(200);
    });

    it('lets only admins seal', async () => {
      const refused = await t.call('POST', '/api/v1/audit/seals', auditor);
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain(PROBLEM);
      const sealed = await seal(admin);
      expect(sealed.statusCode).toBe(201);
      const created = sealed.json();
      expect(created).toMatchObject({
        fromPosition: expect.stringMatching(/^\d+$/),
        eventCount: expect.any(Number),
        prevSealDigest: null,
        keyId: expect.any(String),
      });
      const listed = await get('/api/v1/audit/seals', auditor);
      expect(listed.json().items[0].id).toBe(created.id);
    });
  });

  describe('the trail', () => {
    it('records what happened, with actor, request origin and refusals', async () => {
      await project();
      const registered = await get(
        `/api/v1/audit/events?action=registered&resourceId=${auditorId}`,
        auditor,
      );
      expect(registered.statusCode).toBe(200);
      expect(registered.json().items).toEqual([
        expect.objectContaining({
          resourceType: 'user',
          resourceId: auditorId,
          action: 'registered',
          actor: expect.objectContaining({ type: 'user' }),
        }),
      ]);
      expect(JSON.stringify(registered.json())).not.toContain('a-long-enough-password');

      const refusals = await get('/api/v1/audit/events?action=refused&result=denied', auditor);
      const items = refusals.json().items as Array<{
        request: { route: string; method: string; status: number };
      }>;
      expect(items.length).toBeGreaterThan(0);
      expect(items.map((i) => i.request)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ method: 'POST', route: '/api/v1/audit/seals', status: 403 }),
        ]),
      );

      const history = await get(`/api/v1/audit/resources/user/${auditorId}`, auditor);
      const actions = (history.json().items as Array<{ action: string; position: number }>).map(
        (i) => i.action,
      );
      expect(actions[0]).toBe('registered');
      const positions = (history.json().items as Array<{ position: number }>).map(
        (i) => i.position,
      );
      expect(positions).toEqual([...positions].sort((a, b) => a - b));

      const logs = await get(
        `/api/v1/audit/audit-logs?resourceId=${auditorId}&action=registered`,
        auditor,
      );
      expect(Object.keys(logs.json().items[0]).sort()).toEqual(
        [
          'id',
          'resource_type',
          'resource_id',
          'action',
          'old_values',
          'new_values',
          'user_id',
          'ip_address',
          'user_agent',
          'result',
          'error_message',
          'created_at',
        ].sort(),
      );
    });

    it('pages newest first through every entry exactly once', async () => {
      await project();
      const seen: number[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 100; i += 1) {
        const page = await get(
          `/api/v1/audit/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          auditor,
        );
        expect(page.statusCode).toBe(200);
        const body = page.json() as {
          items: Array<{ position: number }>;
          nextCursor: string | null;
        };
        expect(body.items.length).toBeLessThanOrEqual(2);
        seen.push(...body.items.map((e) => e.position));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      expect(cursor).toBeNull();
      expect(seen).toEqual([...seen].sort((a, b) => b - a));
      expect(new Set(seen).size).toBe(seen.length);
      const all = await get('/api/v1/audit/events?limit=100', auditor);
      expect(all.json().items).toHaveLength(seen.length);
    });
  });

  describe('bad query parameters are 400 problems naming the field', () => {
    it.each([
      ['/api/v1/audit/events?colour=red', 'colour'],
      ['/api/v1/audit/events?limit=0', 'limit'],
      ['/api/v1/audit/events?limit=101', 'limit'],
      ['/api/v1/audit/events?limit=ten', 'limit'],
      ['/api/v1/audit/events?cursor=not%20a%20cursor', 'cursor'],
      ['/api/v1/audit/events?cursor=Zm9v', 'cursor'],
      ['/api/v1/audit/events?from=yesterday', 'from'],
      ['/api/v1/audit/events?to=2025-13-01T00:00:00Z', 'to'],
      ['/api/v1/audit/events?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z', 'to'],
      ['/api/v1/audit/events?tenantId=not-a-uuid', 'tenantId'],
      ['/api/v1/audit/events?result=maybe', 'result'],
      ['/api/v1/audit/events?resourceType=Users!', 'resourceType'],
      ['/api/v1/audit/audit-logs?actorId=a%20b', 'actorId'],
      ['/api/v1/audit/resources/User/abc', 'type'],
      ['/api/v1/audit/resources/user/abc?order=asc', 'order'],
      ['/api/v1/audit/verify?fromPosition=0', 'fromPosition'],
      ['/api/v1/audit/verify?fromPosition=abc', 'fromPosition'],
      ['/api/v1/audit/verify?fromPosition=10&toPosition=9', 'toPosition'],
      ['/api/v1/audit/verify?full=yes', 'full'],
      ['/api/v1/audit/export?toPosition=-1', 'toPosition'],
      ['/api/v1/audit/seals?cursor=WyJ4IiwieSJd', 'cursor'],
    ])('%s → %s', async (url, field) => {
      const res = await get(url, auditor);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain(PROBLEM);
      expect((res.json().errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
    });
  });

  describe('the ledger', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'opsledger-audit-e2e-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('verifies intact, then exports NDJSON that the offline script accepts', async () => {
      await seal(admin);
      const verified = await get('/api/v1/audit/verify', auditor);
      expect(verified.json()).toMatchObject({
        intact: true,
        firstBrokenPosition: null,
        reason: null,
      });
      expect(verified.json().checkedSeals).toBeGreaterThan(0);
      // the first run walked the seals and recorded them; the next walks only the tail
      const again = (await get('/api/v1/audit/verify', auditor)).json();
      expect(again).toMatchObject({ intact: true, mode: 'incremental' });
      expect(again.previouslyVerifiedSeals).toBe(again.checkedSeals);
      expect(again.eventsWalked).toBeLessThan(again.checkedEvents);
      const full = (await get('/api/v1/audit/verify?full=true', auditor)).json();
      expect(full).toMatchObject({
        intact: true,
        mode: 'full',
        checkedEvents: full.eventsWalked,
        previouslyVerifiedSeals: 0,
      });
      expect(full.checkedEvents).toBeGreaterThanOrEqual(again.checkedEvents);

      const exported = await get('/api/v1/audit/export', auditor);
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toContain('application/x-ndjson');
      const lines = exported.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string });
      expect(lines[0].kind).toBe('header');
      expect(lines[lines.length - 1].kind).toBe('end');

      const file = join(dir, 'ledger.ndjson');
      const jwks = join(dir, 'jwks.json');
      await writeFile(file, exported.body);
      await writeFile(
        jwks,
        (await t.inject({ method: 'GET', url: '/.well-known/jwks.json' })).body,
      );
      const script = resolve(__dirname, '../../scripts/verify-audit-export.mjs');
      const out = await new Promise<{ code: number; stdout: string }>((done) =>
        execFile(process.execPath, [script, file, jwks], (error, stdout) =>
          done({ code: error ? Number(error.code ?? 1) : 0, stdout }),
        ),
      );
      expect(out.stdout).toMatch(/^OK: \d+ events and \d+ seals verified/);
      expect(out.code).toBe(0);
    });

    it('answers the latest seal when nothing new was committed', async () => {
      // Reads leave no trace in the ledger, so two seals in a row have nothing between them.
      const first = await seal(admin);
      const second = await seal(admin);
      expect(second.statusCode).toBe(200);
      expect(second.json().id).toBe(first.json().id);
    });
  });

  it('documents the routes in OpenAPI under the audit tag', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/docs-json' })).json() as {
      paths: Record<
        string,
        Record<string, { tags?: string[]; responses: Record<string, unknown> }>
      >;
    };
    for (const path of [
      '/api/v1/audit/events',
      '/api/v1/audit/audit-logs',
      '/api/v1/audit/verify',
      '/api/v1/audit/export',
      '/api/v1/audit/seals',
    ]) {
      expect(doc.paths[path]?.get?.tags).toEqual(['audit']);
      expect(Object.keys(doc.paths[path].get.responses)).toEqual(
        expect.arrayContaining(['200', '400', '401', '403']),
      );
    }
    expect(doc.paths['/api/v1/audit/resources/{type}/{id}']).toBeDefined();
  });
});
