import { ObjectStorage } from '@opsledger/object-storage';
import { superuserClient } from '@opsledger/testing';
import { renderTextPdf } from '../../libs/document-text/src/testing/text-raster';
import { ErasureJob } from '../../src/modules/privacy/application/erasure.job';
import { RetentionJob } from '../../src/modules/privacy/application/retention.job';
import { signWebhook } from '@opsledger/crypto';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';
import { insertContractor, insertPolicy, multipart } from './onboarding-docs-fixture';

const DAY = 86_400_000;
const SECRET = 'whsec-trustlayer-retention-01';

/** Issue 12 for onboarding documents: the compliance window, and erasure across every store. */
describe('onboarding documents: retention and erasure (e2e)', () => {
  let t: TestApp;
  let a: Record<'owner' | 'dana' | 'eli', TenantMember>;
  let tenantA: string;
  let dana: string;
  let eli: string;

  const upload = async (token: string, contractorId: string, text: string) => {
    const { payload, headers } = multipart(
      { type: 'other' },
      { name: `${text}.pdf`, type: 'application/pdf', bytes: renderTextPdf([text]) },
    );
    const res = await t.inject({
      method: 'POST',
      url: `/api/v1/contractors/${contractorId}/documents`,
      headers: { authorization: `Bearer ${token}`, ...headers },
      payload,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };
  const documentRows = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(
      `SELECT id, body->>'contractorId' AS contractor, body->>'s3Key' AS key, collection FROM documents
        WHERE collection IN ('documents', 'verification_payloads') ORDER BY id`,
    );
    await c.end();
    return r.rows as Array<{ id: string; contractor: string; key: string; collection: string }>;
  };

  beforeAll(async () => {
    t = await createTestApp({ DOCUMENT_RETENTION_DAYS: '30', WEBHOOK_SECRET_TRUSTLAYER: SECRET });
    const admin = await t.loginAsAdmin();
    const ta = await createTenantWithMembers(t, admin, {
      owner: 'owner',
      dana: 'member',
      eli: 'member',
    });
    a = ta.members;
    tenantA = ta.tenantId;
    dana = await insertContractor(t, tenantA, a.dana.id);
    eli = await insertContractor(t, tenantA, a.eli.id);
  });
  afterAll(() => t?.close());

  it('deletes documents past the window with their bytes and OCR data, and nothing a day early', async () => {
    const old = await upload(a.dana.token, dana, 'old certificate');
    const fresh = await upload(a.dana.token, dana, 'fresh certificate');
    const storage = t.app.get(ObjectStorage);
    const keyOf = async (id: string) => (await documentRows()).find((r) => r.id === id)!.key;
    const oldKey = await keyOf(old.id);
    const c = await superuserClient(t.db.url);
    await c.query(
      `UPDATE documents SET body = jsonb_set(body, '{createdAt}', to_jsonb($2::text))
        WHERE collection = 'documents' AND id = $1`,
      [old.id, new Date(Date.now() - 30 * DAY - 60_000).toISOString()],
    );
    await c.end();
    const job = t.app.get(RetentionJob);
    const result = (at: Date) =>
      job.runAll(at).then((r) => r.find((x) => x.rule === 'onboarding.documents')!.removed);

    // a day before the window closes nothing goes
    expect(await result(new Date(Date.now() - DAY))).toBe(0);
    expect(await storage.head(oldKey)).not.toBeNull();

    expect(await result(new Date())).toBe(1);
    const ids = (await documentRows()).map((r) => r.id);
    expect(ids).toContain(fresh.id);
    expect(ids).not.toContain(old.id);
    expect(await storage.head(oldKey)).toBeNull();
    const c2 = await superuserClient(t.db.url);
    const ev = await c2.query(
      `SELECT event_type, payload FROM event_store WHERE stream_id = $1 ORDER BY stream_version`,
      [old.id],
    );
    await c2.end();
    expect(ev.rows.at(-1)).toMatchObject({
      event_type: 'onboarding.document.deleted.v1',
      payload: { contractorId: dana, reason: 'retention' },
    });
    // a second pass finds nothing more
    expect(await result(new Date())).toBe(0);
  });

  it("erases a user's contractor files, documents and provider payloads, and only theirs", async () => {
    await upload(a.eli.token, eli, 'eli license');
    const policy = await insertPolicy(t, tenantA, dana, {
      policyNumber: 'GL-7',
      expirationDate: '2027-01-01',
    });
    const body = Buffer.from(
      JSON.stringify({ event: 'policy.verified', data: { external_reference: policy } }),
    );
    const hook = await t.inject({
      method: 'POST',
      url: '/api/v1/webhooks/onboarding/trustlayer',
      headers: { 'content-type': 'application/json', ...signWebhook(SECRET, 'evt_erasure', body) },
      payload: body,
    });
    expect(hook.json().outcome).toBe('applied');
    const storage = t.app.get(ObjectStorage);
    const countObjects = async (prefix: string) => {
      let n = 0;
      for await (const _ of storage.list(prefix)) n++;
      return n;
    };
    const danaPrefix = `onboarding/${tenantA}/${dana}/`;
    const eliPrefix = `onboarding/${tenantA}/${eli}/`;
    expect(await countObjects(danaPrefix)).toBe(1);
    expect(await countObjects(eliPrefix)).toBe(1);

    const admin = await t.loginAsAdmin();
    const req = await t.call('POST', '/api/v1/erasure-requests', admin, { userId: a.dana.id });
    expect(req.statusCode).toBe(201);
    await t.app.get(ErasureJob).runDue();
    const done = (await t.call('GET', `/api/v1/erasure-requests/${req.json().id}`, admin)).json();
    expect(done.status).toBe('completed');
    const step = done.steps.find(
      (s: { participant: string }) => s.participant === 'onboarding-documents',
    );
    expect(step).toBeDefined();

    expect(await countObjects(danaPrefix)).toBe(0);
    expect(await countObjects(eliPrefix)).toBe(1);
    const left = await documentRows();
    expect(left.filter((r) => r.contractor === dana)).toEqual([]);
    expect(left.filter((r) => r.contractor === eli)).toHaveLength(1);
  });
});
