import { Logger } from '@nestjs/common';
import { createTestApp, TestApp } from '../support/test-app';

type Operation = {
  operationId: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  responses: Record<string, { content?: Record<string, unknown> }>;
};

/**
 * Every operation in the OpenAPI document is usable from Swagger UI: it has a summary and a
 * tag, a documented success response, documented problem responses, and the API's
 * operations declare the bearer scheme.
 */
describe('OpenAPI coverage', () => {
  let t: TestApp;
  let operations: Array<{ method: string; path: string; op: Operation }>;
  const warnings: string[] = [];

  beforeAll(async () => {
    // @nestjs/swagger only warns when two classes of one name describe different schemas:
    // the document then keeps one of them, and the other's routes show the wrong shape
    jest.spyOn(Logger, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    t = await createTestApp();
    jest.restoreAllMocks();
    const doc = (await t.call('GET', '/docs-json', null)).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
  });
  afterAll(() => t.close());

  it('names every schema once: no two DTO classes share a name', () => {
    expect(warnings.filter((w) => w.includes('Duplicate DTO'))).toEqual([]);
  });

  // Redirects (the OAuth authorize endpoint) are successful answers too.
  it('has a summary, a tag and a success response on every operation', () => {
    const missing = operations
      .filter(
        ({ op }) =>
          !op.summary ||
          !op.tags?.length ||
          !Object.keys(op.responses).some((s) => /^[23]\d\d$/.test(s)),
      )
      .map(({ method, path }) => `${method} ${path}`);
    expect(missing).toEqual([]);
  });

  it('documents problem responses on every /api/v1 operation', () => {
    const missing = operations
      .filter(({ path }) => path.startsWith('/api/v1/'))
      .filter(
        ({ op }) =>
          !Object.entries(op.responses).some(
            ([status, r]) => /^[45]\d\d$/.test(status) && r.content?.['application/problem+json'],
          ),
      )
      .map(({ method, path }) => `${method} ${path}`);
    expect(missing).toEqual([]);
  });

  it('documents 503 with Retry-After on every operation that reaches the database', () => {
    const missing = operations
      .filter(({ path }) => path !== '/health/live')
      .filter(({ op }) => {
        const r = op.responses['503'] as
          { content?: Record<string, unknown>; headers?: Record<string, unknown> } | undefined;
        return !r?.content || !r.headers?.['Retry-After'];
      })
      .map(({ method, path }) => `${method} ${path}`);
    expect(missing).toEqual([]);
  });

  it('requires the bearer scheme by default, so Authorize applies to every protected operation', async () => {
    const doc = (await t.call('GET', '/docs-json', null)).json();
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });
});
