import { JobWorker } from '@opsledger/jobs';
import { ObjectStorage } from '@opsledger/object-storage';
import { superuserClient } from '@opsledger/testing';
import { renderTextPdf, renderTextPng } from '../../libs/document-text/src/testing/text-raster';
import { multipart } from '../onboarding/onboarding-docs-fixture';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

const PDF = renderTextPdf([
  'HOME INSPECTION REPORT',
  'Property: 1 Home St, Austin, TX 78701',
  'Inspected: 2026-03-14',
  'Roof: worn shingles, replace within 2 years',
  'Estimated repairs: $12,400.00',
]);

describe('crm: documents (e2e)', () => {
  let t: TestApp;
  let a: Record<'ivy' | 'sam', TenantMember>;
  let home: string;
  let duplex: string;
  let deal: string;

  const property = async (token: string, addressLine1: string) =>
    (
      await t.call('POST', '/api/v1/properties', token, {
        addressLine1,
        city: 'Austin',
        state: 'TX',
        zip: '78701',
      })
    ).json().id as string;
  const upload = (
    token: string,
    fields: Record<string, string>,
    file: { name: string; type: string; bytes: Buffer } | null = {
      name: 'inspection.pdf',
      type: 'application/pdf',
      bytes: PDF,
    },
  ) => {
    const { payload, headers } = multipart(
      { title: 'Inspection report', type: 'inspection', ...fields },
      file ?? undefined,
    );
    return t.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { ...headers, authorization: `Bearer ${token}` },
      payload,
    });
  };
  const documentRows = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT count(*)::int AS n FROM re_documents`);
    await c.end();
    return r.rows[0].n as number;
  };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    a = (await createTenantWithMembers(t, admin, { ivy: 'member', sam: 'member' })).members;
    home = await property(a.ivy.token, '1 Home St');
    duplex = await property(a.ivy.token, '3 Duplex Ave');
    deal = (
      await t.call('POST', '/api/v1/deals', a.ivy.token, { title: 'Package', propertyId: home })
    ).json().id;
  });
  afterAll(async () => {
    await t.app.get(JobWorker).stop();
    await t.close();
  });

  const waitFor = async (token: string, id: string) => {
    for (let i = 0; i < 400; i++) {
      const j = (await t.call('GET', `/api/v1/ai-jobs/${id}`, token)).json();
      if (['succeeded', 'failed', 'cancelled'].includes(j.status)) return j;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('job did not finish');
  };

  it('uploads a typed PDF to object storage, attached to a property (its primary) and a deal', async () => {
    const res = await upload(a.ivy.token, { propertyId: home, dealId: deal });
    expect(res.statusCode).toBe(201);
    const doc = res.json();
    expect(doc).toMatchObject({
      type: 'inspection',
      propertyId: home,
      dealId: deal,
      fileSize: PDF.length,
      contentType: 'application/pdf',
      title: 'Inspection report',
      properties: [{ propertyId: home, isPrimary: true }],
    });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    const c = await superuserClient(t.db.url);
    const row = (await c.query(`SELECT file_url FROM re_documents WHERE id = $1`, [doc.id]))
      .rows[0];
    await c.end();
    const stored = await t.app.get(ObjectStorage).head(row.file_url);
    expect(stored).toMatchObject({ size: PDF.length, contentType: 'application/pdf' });

    // one document, several properties, one primary
    const linked = await t.call('POST', `/api/v1/documents/${doc.id}/properties`, a.ivy.token, {
      propertyId: duplex,
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().properties).toEqual([
      { propertyId: home, isPrimary: true },
      { propertyId: duplex, isPrimary: false },
    ]);
    const second = await t.call('POST', `/api/v1/documents/${doc.id}/properties`, a.ivy.token, {
      propertyId: duplex,
      isPrimary: true,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('DOCUMENT.PRIMARY_TAKEN');

    await t.project();
    const timeline = (await t.call('GET', `/api/v1/deals/${deal}/events`, a.ivy.token)).json()
      .items;
    expect(timeline.map((e: { eventType: string }) => e.eventType)).toContain('document_uploaded');
  });

  it('refuses other investors’ properties (422), bad fields (400), executables and unknown content (415), JSON (415), writing nothing; keeps documents to their owner', async () => {
    const before = await documentRows();
    expect((await upload(a.sam.token, { propertyId: home })).statusCode).toBe(422);
    const bad: Array<Record<string, string>> = [
      { type: 'selfie' },
      { title: ' ' },
      { propertyId: 'x' },
    ];
    for (const fields of bad)
      expect([(await upload(a.ivy.token, fields)).statusCode, fields]).toEqual([400, fields]);
    expect((await upload(a.ivy.token, {}, null)).statusCode).toBe(400);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(64)]);
    const refused = await upload(
      a.ivy.token,
      {},
      { name: 'report.pdf', type: 'application/pdf', bytes: elf },
    );
    expect(refused.statusCode).toBe(415);
    const text = Buffer.from('just some plain text, not a document type');
    expect(
      (await upload(a.ivy.token, {}, { name: 'a.txt', type: 'text/plain', bytes: text }))
        .statusCode,
    ).toBe(415);
    expect(
      (
        await t.call('POST', '/api/v1/documents', a.ivy.token, {
          title: 'x',
          type: 'inspection',
          contentBase64: PDF.toString('base64'),
        })
      ).statusCode,
    ).toBe(415);
    // one byte over 10 MiB: a 413, and nothing left in storage
    const huge = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1 - PDF.length, 0x20)]);
    const tooLarge = await upload(
      a.ivy.token,
      {},
      { name: 'big.pdf', type: 'application/pdf', bytes: huge },
    );
    expect(tooLarge.statusCode).toBe(413);
    const stored: string[] = [];
    for await (const o of t.app.get(ObjectStorage).list('crm/')) stored.push(o.key);
    expect(stored).toHaveLength(before);
    expect(await documentRows()).toBe(before);
    const mine = (await upload(a.ivy.token, {})).json().id;
    expect((await t.call('GET', `/api/v1/documents/${mine}`, a.sam.token)).statusCode).toBe(404);
    expect(
      (
        await t.call('POST', `/api/v1/documents/${mine}/properties`, a.sam.token, {
          propertyId: home,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('streams a document back whole or by byte range, to its owner only', async () => {
    const id = (await upload(a.ivy.token, {})).json().id as string;
    const whole = await t.call('GET', `/api/v1/documents/${id}/content`, a.ivy.token);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('application/pdf');
    expect(whole.headers['content-disposition']).toContain('Inspection report.pdf');
    expect(whole.rawPayload.equals(PDF)).toBe(true);
    const part = await t.call('GET', `/api/v1/documents/${id}/content`, a.ivy.token, undefined, {
      range: 'bytes=0-7',
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-7/${PDF.length}`);
    expect(part.rawPayload.toString('latin1')).toBe(PDF.subarray(0, 8).toString('latin1'));
    const outside = await t.call('GET', `/api/v1/documents/${id}/content`, a.ivy.token, undefined, {
      range: `bytes=${PDF.length + 10}-`,
    });
    expect(outside.statusCode).toBe(416);
    expect((await t.call('GET', `/api/v1/documents/${id}/content`, a.sam.token)).statusCode).toBe(
      404,
    );
  });

  it('files documents among a lead’s papers, lists and removes them, in the ledger, owner-scoped', async () => {
    const lead = (await t.call('POST', '/api/v1/leads', a.ivy.token, { name: 'Pat Seller' })).json()
      .id as string;
    const doc = (await upload(a.ivy.token, { title: 'Pat W-9', type: 'other' })).json().id;
    const added = await t.call('POST', `/api/v1/leads/${lead}/documents`, a.ivy.token, {
      documentId: doc,
      type: 'w9',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      leadId: lead,
      documentId: doc,
      title: 'Pat W-9',
      type: 'w9',
      fileSize: PDF.length,
    });
    const listed = await t.call('GET', `/api/v1/leads/${lead}/documents`, a.ivy.token);
    expect(listed.json().items.map((d: { id: string }) => d.id)).toEqual([added.json().id]);

    // another investor: the lead does not exist; their own document cannot be filed on it
    expect((await t.call('GET', `/api/v1/leads/${lead}/documents`, a.sam.token)).statusCode).toBe(
      404,
    );
    const samDoc = (await upload(a.sam.token, {})).json().id;
    const foreign = await t.call('POST', `/api/v1/leads/${lead}/documents`, a.ivy.token, {
      documentId: samDoc,
      type: 'id',
    });
    expect([foreign.statusCode, foreign.json().code]).toEqual([422, 'DOCUMENT.UNKNOWN_REFERENCE']);
    const badType = await t.call('POST', `/api/v1/leads/${lead}/documents`, a.ivy.token, {
      documentId: doc,
      type: 'passport',
    });
    expect(badType.statusCode).toBe(400);
    expect(
      (await t.call('DELETE', `/api/v1/leads/${lead}/documents/${added.json().id}`, a.sam.token))
        .statusCode,
    ).toBe(404);

    const removed = await t.call(
      'DELETE',
      `/api/v1/leads/${lead}/documents/${added.json().id}`,
      a.ivy.token,
    );
    expect(removed.statusCode).toBe(204);
    expect(
      (await t.call('GET', `/api/v1/leads/${lead}/documents`, a.ivy.token)).json().items,
    ).toEqual([]);
    expect(
      (await t.call('DELETE', `/api/v1/leads/${lead}/documents/${added.json().id}`, a.ivy.token))
        .statusCode,
    ).toBe(404);
    const c = await superuserClient(t.db.url);
    const events = (
      await c.query(
        `SELECT event_type FROM event_store WHERE stream_type = 'crm-lead-document' AND stream_id = $1 ORDER BY stream_version`,
        [added.json().id],
      )
    ).rows.map((r) => r.event_type);
    await c.end();
    expect(events).toEqual(['crm.lead-document.added.v1', 'crm.lead-document.removed.v1']);
  });

  describe('document_analysis', () => {
    beforeAll(() => t.app.get(JobWorker).start());

    it('reads an uploaded PDF: its type, amounts, dates and address, on the deal’s timeline', async () => {
      const property2 = await property(a.ivy.token, '9 Oak Ave');
      const deal2 = (
        await t.call('POST', '/api/v1/deals', a.ivy.token, { title: 'Oak', propertyId: property2 })
      ).json().id;
      const doc = (await upload(a.ivy.token, { dealId: deal2, type: 'other' })).json().id;
      const queued = await t.call('POST', '/api/v1/ai-jobs', a.ivy.token, {
        jobType: 'document_analysis',
        documentId: doc,
      });
      expect(queued.statusCode).toBe(201);
      expect(queued.json()).toMatchObject({ dealId: deal2, inputData: { documentId: doc } });
      const done = await waitFor(a.ivy.token, queued.json().id);
      expect(done).toMatchObject({
        status: 'succeeded',
        outputData: {
          documentId: doc,
          documentType: 'inspection',
          extraction: { method: 'pdf-text', pages: 1 },
          amounts: [
            { amount: '12400.00', currency: 'USD', label: 'Estimated repairs', text: '$12,400.00' },
          ],
          dates: [{ date: '2026-03-14', label: 'Inspected', text: '2026-03-14' }],
          addresses: ['1 Home St, Austin, TX 78701'],
        },
      });
      await t.project();
      const timeline = (await t.call('GET', `/api/v1/deals/${deal2}/events`, a.ivy.token)).json()
        .items;
      expect(timeline.map((e: { description: string }) => e.description)).toContain(
        'document_analysis finished: inspection',
      );
      // the ledger keeps the type and bare amounts and dates, not the addresses the paper names
      const c = await superuserClient(t.db.url);
      const ledger = (
        await c.query(
          `SELECT payload FROM event_store WHERE stream_type = 'crm-ai-job' AND stream_id = $1 AND payload->>'kind' = 'succeeded'`,
          [queued.json().id],
        )
      ).rows[0].payload;
      await c.end();
      expect(ledger.result).toEqual({
        documentId: doc,
        documentType: 'inspection',
        amounts: [{ amount: '12400.00', currency: 'USD' }],
        dates: ['2026-03-14'],
      });
    });

    it('reads an image by OCR', async () => {
      const png = renderTextPng(['PURCHASE AGREEMENT', 'PRICE: 250000 USD', 'CLOSING: 2026-05-01']);
      const doc = (
        await upload(a.ivy.token, {}, { name: 'scan.png', type: 'image/png', bytes: png })
      ).json().id;
      const job = (
        await t.call('POST', '/api/v1/ai-jobs', a.ivy.token, {
          jobType: 'document_analysis',
          documentId: doc,
        })
      ).json();
      const done = await waitFor(a.ivy.token, job.id);
      expect(done.status).toBe('succeeded');
      expect(done.outputData).toMatchObject({
        documentType: 'purchase_agreement',
        extraction: { method: 'ocr' },
        amounts: [expect.objectContaining({ amount: '250000.00', currency: 'USD' })],
        dates: [expect.objectContaining({ date: '2026-05-01' })],
      });
      expect(done.outputData.extraction.confidence).toBeGreaterThan(60);
    });

    it('fails for good, with the reason, on an unreadable PDF; refuses someone else’s document', async () => {
      const broken = Buffer.from('%PDF-1.4\nthis is not really a pdf at all\n');
      const doc = (
        await upload(a.ivy.token, {}, { name: 'x.pdf', type: 'application/pdf', bytes: broken })
      ).json().id;
      const job = (
        await t.call('POST', '/api/v1/ai-jobs', a.ivy.token, {
          jobType: 'document_analysis',
          documentId: doc,
        })
      ).json();
      const done = await waitFor(a.ivy.token, job.id);
      expect(done).toMatchObject({ status: 'failed', attempts: 1 });
      expect(done.errorMessage).toMatch(/PDF/);

      const foreign = await t.call('POST', '/api/v1/ai-jobs', a.sam.token, {
        jobType: 'document_analysis',
        documentId: doc,
      });
      expect([foreign.statusCode, foreign.json().code]).toEqual([422, 'AI_JOB.UNKNOWN_TARGET']);
      const none = await t.call('POST', '/api/v1/ai-jobs', a.ivy.token, {
        jobType: 'document_analysis',
      });
      expect(none.statusCode).toBe(400);
    });
  });
});
