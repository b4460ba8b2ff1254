import { ObjectStorage } from '@opsledger/object-storage';
import { superuserClient } from '@opsledger/testing';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

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
  const upload = (token: string, body: Record<string, unknown>) =>
    t.call('POST', '/api/v1/documents', token, {
      title: 'Inspection report',
      type: 'inspection',
      contentType: 'application/pdf',
      contentBase64: PDF.toString('base64'),
      ...body,
    });
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
  afterAll(() => t.close());

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

  it('refuses other investors’ properties (422), bad types and bodies (400), writing nothing; keeps documents to their owner', async () => {
    const before = await documentRows();
    expect((await upload(a.sam.token, { propertyId: home })).statusCode).toBe(422);
    for (const body of [
      { type: 'selfie' },
      { contentType: 'application/x-msdownload' },
      { contentBase64: '***' },
      { title: ' ' },
      { propertyId: 'x' },
    ])
      expect([(await upload(a.ivy.token, body)).statusCode, body]).toEqual([400, body]);
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
});
