import fastify, { FastifyInstance } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { openRequestScopes, RequestScope } from './request-scope';

describe('RequestScope', () => {
  const scope = new RequestScope();

  it('has nothing outside a scope, and refuses to set there', () => {
    expect(scope.isActive()).toBe(false);
    expect(scope.get('actor')).toBeUndefined();
    expect(() => scope.set('actor', 'someone')).toThrow(/no request scope is open/);
  });

  it('inherits a copy: what the inner scope sets stays inside it', async () => {
    await scope.run('empty', async () => {
      scope.set('actor', 'outer');
      await scope.run('inherit', async () => {
        expect(scope.get('actor')).toBe('outer');
        scope.set('actor', 'inner');
        await sleep(1);
        expect(scope.get('actor')).toBe('inner');
      });
      expect(scope.get('actor')).toBe('outer');
    });
  });

  it('starts an empty scope with nothing of the caller', async () => {
    await scope.run('empty', async () => {
      scope.set('unitOfWork', 'the caller’s transaction');
      await scope.run('empty', async () => {
        expect(scope.isActive()).toBe(true);
        expect(scope.get('unitOfWork')).toBeUndefined();
      });
    });
  });
});

describe('openRequestScopes (a Fastify onRequest hook)', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = fastify();
    openRequestScopes(app, (req) => `client-of-${String(req.headers['x-client'])}`);
    // The handler reads the scope after its body was parsed from stream events and after an
    // await: both must still see this request's scope, never a concurrent request's.
    app.post('/echo', async (request) => {
      await sleep(Number((request.body as { wait: number }).wait));
      return {
        ip: RequestScope.read('ip'),
        correlationId: RequestScope.read('correlationId'),
        userAgent: RequestScope.read('userAgent'),
        causationId: RequestScope.read('causationId'),
      };
    });
    await app.ready();
  });

  afterAll(() => app.close());

  it('gives each request its own scope, kept across its body and its awaits', async () => {
    const ask = (n: number, wait: number) =>
      app.inject({
        method: 'POST',
        url: '/echo',
        headers: {
          'x-client': String(n),
          'x-correlation-id': `corr-${n}`,
          'user-agent': `agent-${n}`,
        },
        payload: { wait },
      });
    const answers = await Promise.all([ask(1, 30), ask(2, 1), ask(3, 15)]);
    answers.forEach((answer, i) =>
      expect(answer.json()).toEqual({
        ip: `client-of-${i + 1}`,
        correlationId: `corr-${i + 1}`,
        userAgent: `agent-${i + 1}`,
        causationId: null,
      }),
    );
  });

  it('takes X-Request-Id as the correlation id and ignores an oversized header', async () => {
    const byRequestId = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'x-request-id': 'req-7' },
      payload: { wait: 0 },
    });
    expect(byRequestId.json().correlationId).toBe('req-7');
    const oversized = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'x-correlation-id': 'x'.repeat(201) },
      payload: { wait: 0 },
    });
    // ignored: the correlation id is the server's request id (Fastify's own, `req-N`, here)
    expect(oversized.json().correlationId).toMatch(/^req-\d+$/);
  });

  it("uses the server's request id when the caller names none, so log lines and the scope agree", async () => {
    const ids = fastify({ genReqId: () => 'server-request-9' });
    openRequestScopes(ids, () => null);
    ids.get('/id', async (request) => ({
      id: request.id,
      scope: RequestScope.read('correlationId'),
    }));
    const answer = (await ids.inject({ method: 'GET', url: '/id' })).json();
    await ids.close();
    expect(answer).toEqual({ id: 'server-request-9', scope: 'server-request-9' });
  });
});
