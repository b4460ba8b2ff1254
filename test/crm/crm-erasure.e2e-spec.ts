import { ObjectStorage } from '@opsledger/object-storage';
import { superuserClient } from '@opsledger/testing';
import { ErasureJob } from '../../src/modules/privacy/application/erasure.job';
import { multipart } from '../onboarding/onboarding-docs-fixture';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

/** Erasing an investor removes what they kept in the CRM and shreds their leads' sealed details. */
describe('crm: erasure of an investor (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let a: Record<'gone' | 'stays', TenantMember>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    a = (await createTenantWithMembers(t, admin, { gone: 'member', stays: 'member' })).members;
  });
  afterAll(() => t.close());

  const counts = async (userId: string) => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(
      `SELECT (SELECT count(*)::int FROM leads WHERE user_id = $1) AS leads,
              (SELECT count(*)::int FROM re_properties WHERE user_id = $1) AS properties,
              (SELECT count(*)::int FROM deals WHERE user_id = $1) AS deals`,
      [userId],
    );
    await c.end();
    return r.rows[0] as { leads: number; properties: number; deals: number };
  };

  it('deletes the erased investor’s leads, properties and deals, and their leads’ details in the ledger are unreadable', async () => {
    for (const m of [a.gone, a.stays]) {
      const lead = (
        await t.call('POST', '/api/v1/leads', m.token, {
          name: 'Pat Seller',
          email: `pat-${m.id.slice(0, 4)}@example.com`,
        })
      ).json().id;
      const property = (
        await t.call('POST', '/api/v1/properties', m.token, {
          addressLine1: '1 A St',
          city: 'Austin',
          state: 'TX',
          zip: '78701',
        })
      ).json().id;
      expect(
        (
          await t.call('POST', '/api/v1/deals', m.token, {
            title: 'd',
            leadId: lead,
            propertyId: property,
          })
        ).statusCode,
      ).toBe(201);
    }
    const goneLead = (await t.call('GET', '/api/v1/leads', a.gone.token)).json().items[0].id;
    const w9 = multipart(
      { title: 'W9', type: 'other' },
      {
        name: 'w9.pdf',
        type: 'application/pdf',
        bytes: Buffer.from('%PDF-1.4\n% taxpayer details\n%%EOF\n'),
      },
    );
    const doc = await t.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { authorization: `Bearer ${a.gone.token}`, ...w9.headers },
      payload: w9.payload,
    });
    expect(doc.statusCode).toBe(201);
    const su = await superuserClient(t.db.url);
    const fileUrl = (
      await su.query(`SELECT file_url FROM re_documents WHERE id = $1`, [doc.json().id])
    ).rows[0].file_url as string;
    await su.end();
    expect(await t.app.get(ObjectStorage).head(fileUrl)).not.toBeNull();
    const res = await t.call('POST', '/api/v1/erasure-requests', admin, { userId: a.gone.id });
    expect(res.statusCode).toBe(201);
    await t.app.get(ErasureJob).runDue();
    const done = (await t.call('GET', `/api/v1/erasure-requests/${res.json().id}`, admin)).json();
    expect(done.status).toBe('completed');
    expect(done.steps.find((s: { participant: string }) => s.participant === 'crm')).toBeDefined();

    expect(await counts(a.gone.id)).toEqual({ leads: 0, properties: 0, deals: 0 });
    expect(await counts(a.stays.id)).toEqual({ leads: 1, properties: 1, deals: 1 });
    expect(await t.app.get(ObjectStorage).head(fileUrl)).toBeNull();

    const c = await superuserClient(t.db.url);
    const events = await c.query(
      `SELECT payload FROM event_store WHERE stream_type = 'crm-lead' AND stream_id = $1`,
      [goneLead],
    );
    await c.end();
    const revealed = JSON.stringify(
      await t.reveal(events.rows.map((r: { payload: unknown }) => r.payload)),
    );
    expect(revealed).not.toContain('Pat Seller');
    expect(revealed).toContain('[erased]');
  });
});
