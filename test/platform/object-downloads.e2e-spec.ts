import { ObjectStorage } from '@opsledger/object-storage';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createTestApp, ISSUER, TestApp } from '../support/test-app';

/** The disk store's signed URLs, served by the running application without a bearer token. */
describe('GET /api/v1/object-downloads', () => {
  let t: TestApp;
  let dataDir: string;
  let storage: ObjectStorage;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'opsledger-e2e-data-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    storage = t.app.get(ObjectStorage);
    await storage.put('tenant-x/report.pdf', Readable.from([Buffer.from('%PDF-1.7 report')]), {
      contentType: 'application/pdf',
      maxBytes: 1000,
    });
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const pathOf = (url: string) => {
    const u = new URL(url);
    expect(u.origin).toBe(ISSUER);
    return `${u.pathname}${u.search}`;
  };

  it('streams the file to anyone holding the URL, whole or by range', async () => {
    const url = pathOf(await storage.signedUrl('tenant-x/report.pdf', 60, { filename: 'r.pdf' }));
    const whole = await t.inject({ method: 'GET', url });
    expect(whole.statusCode).toBe(200);
    expect(whole.body).toBe('%PDF-1.7 report');
    expect(whole.headers['content-type']).toBe('application/pdf');
    expect(whole.headers['content-disposition']).toContain('filename="r.pdf"');
    expect(whole.headers['cache-control']).toBe('private, no-store');
    const part = await t.inject({ method: 'GET', url, headers: { range: 'bytes=0-3' } });
    expect(part.statusCode).toBe(206);
    expect(part.body).toBe('%PDF');
  });

  it('answers an expired URL with a 403 problem and no byte of the file', async () => {
    const url = pathOf(await storage.signedUrl('tenant-x/report.pdf', 1));
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const res = await t.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'OBJECT_STORAGE.URL_EXPIRED' });
    expect(res.body).not.toContain('report');
  });

  it('answers a missing token with a 400 naming the field', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/v1/object-downloads' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('token');
  });

  it('is documented with every status it answers', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/docs-json' })).json();
    const op = doc.paths['/api/v1/object-downloads'].get;
    expect(Object.keys(op.responses).sort()).toEqual([
      '200',
      '206',
      '400',
      '403',
      '404',
      '416',
      '503',
    ]);
  });
});
