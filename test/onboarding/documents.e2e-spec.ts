import { JobWorker } from '@opsledger/jobs';
import { superuserClient } from '@opsledger/testing';
import { createHash, randomUUID } from 'node:crypto';
import { renderTextPdf, renderTextPng } from '../../libs/document-text/src/testing/text-raster';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';
import { insertContractor, insertPolicy, multipart } from './onboarding-docs-fixture';

type Res = { statusCode: number; headers: Record<string, unknown>; body: string; json(): any };

describe('onboarding documents: upload, sniffing, limits, download, OCR (e2e)', () => {
  let t: TestApp;
  let a: Record<'owner' | 'dana' | 'eli', TenantMember>;
  let b: Record<'owner', TenantMember>;
  let tenantA: string;
  let dana: string;
  let eli: string;
  let policy: string;
  const base = (contractorId: string) => `/api/v1/contractors/${contractorId}/documents`;

  const expectProblem = (res: Res, status: number, code?: string) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    if (code) expect(res.json().code).toBe(code);
  };
  const upload = (
    token: string,
    contractorId: string,
    fields: Record<string, string>,
    file?: { name: string; type: string; bytes: Buffer },
  ) => {
    const { payload, headers } = multipart(fields, file);
    return t.inject({
      method: 'POST',
      url: base(contractorId),
      headers: { authorization: `Bearer ${token}`, ...headers },
      payload,
    });
  };
  const stored = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT
      (SELECT count(*)::int FROM documents WHERE collection = 'documents') AS documents,
      (SELECT count(*)::int FROM event_store WHERE stream_type = 'onboarding-document') AS events,
      (SELECT count(*)::int FROM jobs WHERE type = 'onboarding.document-text') AS jobs`);
    await c.end();
    return r.rows[0] as { documents: number; events: number; jobs: number };
  };

  beforeAll(async () => {
    t = await createTestApp({ DOCUMENT_MAX_BYTES: String(64 * 1024) });
    const admin = await t.loginAsAdmin();
    const ta = await createTenantWithMembers(t, admin, {
      owner: 'owner',
      dana: 'member',
      eli: 'member',
    });
    a = ta.members;
    tenantA = ta.tenantId;
    b = (await createTenantWithMembers(t, admin, { owner: 'owner' })).members;
    dana = await insertContractor(t, tenantA, a.dana.id);
    eli = await insertContractor(t, tenantA, a.eli.id);
    policy = await insertPolicy(t, tenantA, dana, {
      policyNumber: 'GL-445566',
      expirationDate: '2027-05-01',
    });
  });
  afterAll(() => t?.close());

  it('stores a PDF streamed by its contractor, with hash, detected type and a ledger event', async () => {
    const pdf = renderTextPdf(['CERTIFICATE OF INSURANCE', 'Policy Number: GL-445566']);
    const res = await upload(
      a.dana.token,
      dana,
      { type: 'certificate_of_insurance', insurancePolicyId: policy },
      // the client's name and type say nothing true: the content decides
      { name: 'coi.png', type: 'image/png', bytes: pdf },
    );
    expect(res.statusCode).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({
      contractorId: dana,
      type: 'certificate_of_insurance',
      status: 'uploaded',
      mimeType: 'application/pdf',
      fileSize: pdf.length,
      hash: createHash('sha256').update(pdf).digest('hex'),
      originalName: 'coi.png',
      verificationStatus: 'pending',
      insurancePolicyId: policy,
      ocrData: null,
    });
    expect(res.headers.location).toBe(`${base(dana)}/${doc.id}`);
    expect(await stored()).toEqual({ documents: 1, events: 1, jobs: 1 });

    const c = await superuserClient(t.db.url);
    const ev = await c.query(
      `SELECT event_type, payload FROM event_store WHERE stream_type = 'onboarding-document'`,
    );
    await c.end();
    expect(ev.rows[0].event_type).toBe('onboarding.document.uploaded.v1');
    // the file name is sealed under the contractor's key
    expect(JSON.stringify(ev.rows[0].payload)).not.toContain('coi.png');
  });

  it('reports a duplicate for the same contractor (409 naming it) and stores nothing more', async () => {
    const pdf = renderTextPdf(['CERTIFICATE OF INSURANCE', 'Policy Number: GL-445566']);
    const before = await stored();
    const first = (await t.call('GET', base(dana), a.dana.token)).json().items[0];
    const res = await upload(
      a.owner.token,
      dana,
      { type: 'other' },
      {
        name: 'again.pdf',
        type: 'application/pdf',
        bytes: pdf,
      },
    );
    expectProblem(res, 409, 'DOCUMENT.DUPLICATE');
    expect(res.json().detail).toContain(first.id);
    expect(await stored()).toEqual(before);
    // another contractor may hold the same file
    const other = await upload(
      a.eli.token,
      eli,
      { type: 'other' },
      {
        name: 'same.pdf',
        type: 'application/pdf',
        bytes: pdf,
      },
    );
    expect(other.statusCode).toBe(201);
  });

  it('refuses an executable named .pdf (415), an unknown type, an empty file, and one too large (413)', async () => {
    const before = await stored();
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(500)]);
    expectProblem(
      await upload(
        a.dana.token,
        dana,
        { type: 'other' },
        {
          name: 'invoice.pdf',
          type: 'application/pdf',
          bytes: elf,
        },
      ),
      415,
      'OBJECT_STORAGE.CONTENT_NOT_ALLOWED',
    );
    const script = Buffer.from('#!/bin/sh\nrm -rf /\n');
    expectProblem(
      await upload(
        a.dana.token,
        dana,
        { type: 'other' },
        { name: 'x.pdf', type: 'application/pdf', bytes: script },
      ),
      415,
    );
    expectProblem(
      await upload(
        a.dana.token,
        dana,
        { type: 'other' },
        {
          name: 'notes.txt',
          type: 'text/plain',
          bytes: Buffer.from('just some text, not a document'),
        },
      ),
      415,
    );
    expectProblem(
      await upload(
        a.dana.token,
        dana,
        { type: 'other' },
        { name: 'empty.pdf', type: 'application/pdf', bytes: Buffer.alloc(0) },
      ),
      415,
    );
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(70 * 1024, 0x20)]);
    expectProblem(
      await upload(
        a.dana.token,
        dana,
        { type: 'other' },
        { name: 'big.pdf', type: 'application/pdf', bytes: big },
      ),
      413,
      'OBJECT_STORAGE.TOO_LARGE',
    );
    expect(await stored()).toEqual(before);
  });

  it('answers bad forms 4xx with nothing written', async () => {
    const before = await stored();
    const pdf = renderTextPdf([`Form ${randomUUID()}`]);
    const file = { name: 'f.pdf', type: 'application/pdf', bytes: pdf };
    expectProblem(await upload(a.dana.token, dana, {}, file), 400, 'DOCUMENT.INVALID_FIELD');
    expectProblem(await upload(a.dana.token, dana, { type: 'passport' }, file), 400);
    expectProblem(
      await upload(
        a.dana.token,
        dana,
        { type: 'certificate_of_insurance', insurancePolicyId: 'nope' },
        file,
      ),
      400,
    );
    expectProblem(
      await upload(a.dana.token, dana, { type: 'other' }),
      400,
      'DOCUMENT.FILE_MISSING',
    );
    // a policy of another contractor
    const elsewhere = await insertPolicy(t, tenantA, eli, {
      policyNumber: 'WC-1',
      expirationDate: '2027-01-01',
    });
    expectProblem(
      await upload(
        a.dana.token,
        dana,
        { type: 'certificate_of_insurance', insurancePolicyId: elsewhere },
        file,
      ),
      422,
      'DOCUMENT.POLICY_NOT_OF_CONTRACTOR',
    );
    expectProblem(
      await upload(a.dana.token, dana, { type: 'license', insurancePolicyId: policy }, file),
      400,
    );
    // JSON to the upload route, multipart to a JSON route
    expectProblem(await t.call('POST', base(dana), a.dana.token, { type: 'other' }), 415);
    const { payload, headers } = multipart({ email: 'x@y.test' });
    expectProblem(
      await t.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${a.owner.token}`, ...headers },
        payload,
      }),
      415,
    );
    expectProblem(await upload(a.dana.token, 'not-a-uuid', { type: 'other' }, file), 400);
    expect(await stored()).toEqual(before);
  });

  it('keeps contractors to their own documents and tenants apart (404)', async () => {
    const file = {
      name: 'e.pdf',
      type: 'application/pdf',
      bytes: renderTextPdf([`Eli ${randomUUID()}`]),
    };
    const before = await stored();
    expectProblem(
      await upload(a.dana.token, eli, { type: 'other' }, file),
      404,
      'CONTRACTOR.NOT_FOUND',
    );
    expectProblem(await upload(b.owner.token, dana, { type: 'other' }, file), 404);
    expect(await stored()).toEqual(before);
    expectProblem(await t.call('GET', base(dana), a.eli.token), 404);
    expectProblem(await t.call('GET', base(dana), b.owner.token), 404);
    const list = await t.call('GET', base(dana), a.owner.token);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    const id = list.json().items[0].id;
    expectProblem(
      await t.call('GET', `${base(eli)}/${id}`, a.owner.token),
      404,
      'DOCUMENT.NOT_FOUND',
    );
    expectProblem(await t.call('GET', `${base(dana)}/${id}/content`, b.owner.token), 404);
  });

  it('downloads by signed URL and streams with Range', async () => {
    const list = (await t.call('GET', base(dana), a.dana.token)).json();
    const doc = list.items[0];
    const pdf = renderTextPdf(['CERTIFICATE OF INSURANCE', 'Policy Number: GL-445566']);
    const one = await t.call('GET', `${base(dana)}/${doc.id}`, a.dana.token);
    expect(one.statusCode).toBe(200);
    const url = new URL(one.json().download.url);
    const viaUrl = await t.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    expect(viaUrl.statusCode).toBe(200);
    expect(viaUrl.rawPayload.equals(pdf)).toBe(true);

    const whole = await t.inject({
      method: 'GET',
      url: `${base(dana)}/${doc.id}/content`,
      headers: { authorization: `Bearer ${a.owner.token}` },
    });
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(pdf)).toBe(true);
    const part = await t.inject({
      method: 'GET',
      url: `${base(dana)}/${doc.id}/content`,
      headers: { authorization: `Bearer ${a.dana.token}`, range: 'bytes=0-7' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-7/${pdf.length}`);
    expect(part.body).toBe('%PDF-1.4');
    const outside = await t.inject({
      method: 'GET',
      url: `${base(dana)}/${doc.id}/content`,
      headers: { authorization: `Bearer ${a.dana.token}`, range: `bytes=${pdf.length + 10}-` },
    });
    expectProblem(outside, 416);
  });

  it('extracts text in the job: a matching certificate PDF, and a drawn image that differs from the policy', async () => {
    const png = renderTextPng([
      'CERTIFICATE OF INSURANCE',
      'POLICY NUMBER: GL-999111',
      'EXPIRES: 2027-05-01',
    ]);
    const wrong = await upload(
      a.dana.token,
      dana,
      { type: 'certificate_of_insurance', insurancePolicyId: policy },
      { name: 'scan.png', type: 'image/png', bytes: png },
    );
    expect(wrong.statusCode).toBe(201);
    expect(wrong.json().mimeType).toBe('image/png');

    const worker = t.app.get(JobWorker);
    await worker.start();
    try {
      const deadline = Date.now() + 45_000;
      let items: any[] = [];
      while (Date.now() < deadline) {
        items = (
          await t.call('GET', `${base(dana)}?type=certificate_of_insurance`, a.dana.token)
        ).json().items;
        if (items.every((d) => d.status !== 'uploaded')) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const byName = Object.fromEntries(items.map((d) => [d.originalName, d]));
      expect(byName['coi.png']).toMatchObject({
        status: 'processed',
        verificationStatus: 'mismatch',
        ocrData: {
          method: 'pdf-text',
          mismatches: [{ field: 'expirationDate', expected: '2027-05-01', found: null }],
        },
      });
      expect(byName['coi.png'].ocrData.text).toContain('GL-445566');
      expect(byName['scan.png']).toMatchObject({
        status: 'processed',
        verificationStatus: 'mismatch',
        ocrData: {
          method: 'ocr',
          mismatches: [{ field: 'policyNumber', expected: 'GL-445566', found: 'GL-999111' }],
        },
      });
      expect(byName['scan.png'].ocrData.text).toContain('2027-05-01');
    } finally {
      await worker.stop();
    }
    const c = await superuserClient(t.db.url);
    const ev = await c.query(
      `SELECT event_type, count(*)::int AS n FROM event_store WHERE stream_type = 'onboarding-document' GROUP BY 1 ORDER BY 1`,
    );
    await c.end();
    expect(ev.rows).toEqual(
      expect.arrayContaining([
        { event_type: 'onboarding.document.mismatch-flagged.v1', n: 2 },
        { event_type: 'onboarding.document.text-extracted.v1', n: 3 },
      ]),
    );
  });
});
