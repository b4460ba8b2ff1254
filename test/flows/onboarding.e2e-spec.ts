import { signWebhook } from '@opsledger/crypto';
import { JobWorker } from '@opsledger/jobs';
import { randomUUID } from 'node:crypto';
import { renderTextPng } from '../../libs/document-text/src/testing/text-raster';
import { ComplianceExpiryJob } from '../../src/modules/onboarding/application/jobs/compliance-expiry.job';
import { OnboardingClock } from '../../src/modules/onboarding/application/onboarding-clock';
import { MemoryMicroDepositTransfers } from '../../src/modules/onboarding/infrastructure/bank/memory-micro-deposit.transfers';
import { multipart } from '../onboarding/onboarding-docs-fixture';
import { fillWizard, submitSteps, WizardItems } from '../onboarding/onboarding-wizard-fixture';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

const TRUSTLAYER_SECRET = 'whsec-trustlayer-flow-0123456789';
const POLICY_NUMBER = 'GL-445566';
const POLICY_EXPIRES = '2031-05-01';
const LICENSE_EXPIRES = '2030-06-30';

/**
 * Issue 13's "Done when", through HTTP: a contractor signs up and completes every wizard step,
 * uploads a certificate of insurance whose OCR finds the policy number, a signed insurance
 * webhook verifies the policy, micro-deposits verify the bank account, a reviewer approves, the
 * contractor is `verified` with its completion achievement unlocked, and its audit log shows
 * each step with actor and old/new values; then the license expires by the job and the
 * contractor is back `in_review`.
 */
describe('flow: contractor onboarding, done when (e2e)', () => {
  let t: TestApp;
  let a: Record<'reviewer' | 'dana', TenantMember>;
  let dana: string;
  let items: WizardItems;
  let certificate: string;

  const base = () => `/api/v1/contractors/${dana}`;
  const contractor = async () => (await t.call('GET', base(), a.reviewer.token)).json();
  const auditLog = async (): Promise<any[]> => {
    await t.project();
    const res = await t.call('GET', `${base()}/audit-log?limit=100`, a.reviewer.token);
    expect(res.statusCode).toBe(200);
    return res.json().items;
  };
  const entry = (log: any[], eventType: string, resourceId?: string) => {
    const found = log.find(
      (e) =>
        e.details.event_type === eventType &&
        (resourceId === undefined || e.details.resource_id === resourceId),
    );
    if (!found) throw new Error(`no ${eventType} in the audit log`);
    return found;
  };

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_SECRET_TRUSTLAYER: TRUSTLAYER_SECRET });
    const admin = await t.loginAsAdmin();
    a = (await createTenantWithMembers(t, admin, { reviewer: 'reviewer', dana: 'member' })).members;
  });
  afterAll(() => t.close());

  it('signs up and fills in the business profile, license, insurance and bank account steps', async () => {
    const signUp = await t.call('POST', '/api/v1/contractors', a.dana.token);
    expect(signUp.statusCode).toBe(201);
    dana = signUp.json().id;
    expect(signUp.json().status).toBe('pending');
    items = await fillWizard(t, a.dana.token, dana, {
      policyNumber: POLICY_NUMBER,
      policyExpires: POLICY_EXPIRES,
      licenseExpires: LICENSE_EXPIRES,
    });
    const progress = await submitSteps(t, a.dana.token, dana, [
      'business_profile',
      'licenses',
      'insurance',
      'bank_account',
    ]);
    expect(progress).toMatchObject({ currentStep: 5, completedSteps: [1, 2, 3, 4] });
  });

  it('uploads a certificate of insurance whose OCR finds the policy number', async () => {
    const png = renderTextPng([
      'CERTIFICATE OF INSURANCE',
      `POLICY NUMBER: ${POLICY_NUMBER}`,
      `EXPIRES: ${POLICY_EXPIRES}`,
    ]);
    const body = multipart(
      { type: 'certificate_of_insurance', insurancePolicyId: items.policy },
      { name: 'coi.png', type: 'image/png', bytes: png },
    );
    const upload = await t.inject({
      method: 'POST',
      url: `${base()}/documents`,
      headers: { authorization: `Bearer ${a.dana.token}`, ...body.headers },
      payload: body.payload,
    });
    expect(upload.statusCode).toBe(201);
    certificate = upload.json().id;

    const worker = t.app.get(JobWorker);
    await worker.start();
    let doc: any = null;
    try {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        doc = (await t.call('GET', `${base()}/documents/${certificate}`, a.dana.token)).json();
        if (doc.status !== 'uploaded') break;
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      await worker.stop();
    }
    expect(doc).toMatchObject({
      status: 'processed',
      verificationStatus: 'matched',
      ocrData: { method: 'ocr', mismatches: [] },
    });
    expect(doc.ocrData.text).toContain(POLICY_NUMBER);

    const progress = await submitSteps(t, a.dana.token, dana, ['documents', 'review']);
    expect(progress.completedSteps).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await contractor()).status).toBe('in_review');
  });

  it('a signed TrustLayer webhook verifies the policy', async () => {
    const raw = Buffer.from(
      JSON.stringify({ event: 'policy.verified', data: { external_reference: items.policy } }),
    );
    const res = await t.inject({
      method: 'POST',
      url: '/api/v1/webhooks/onboarding/trustlayer',
      headers: {
        'content-type': 'application/json',
        ...signWebhook(TRUSTLAYER_SECRET, `evt_${randomUUID()}`, raw),
      },
      payload: raw,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().outcome).toBe('applied');
    const policy = await t.call('GET', `/api/v1/insurance-policies/${items.policy}`, a.dana.token);
    expect(policy.json().verificationStatus).toBe('verified');
  });

  it('micro-deposits verify the bank account', async () => {
    const url = `${base()}/bank-accounts/${items.bankAccount}/micro-deposits`;
    expect((await t.call('POST', url, a.dana.token)).statusCode).toBe(204);
    const amounts = t.app.get(MemoryMicroDepositTransfers).depositsTo(items.bankAccount)!;
    const confirmed = await t.call('POST', `${url}/confirm`, a.dana.token, { amounts });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ verified: true, verificationStatus: 'verified' });
  });

  it('a reviewer verifies the license and approves: verified, completion achievement unlocked', async () => {
    const license = await t.call(
      'POST',
      `/api/v1/licenses/${items.license}/verify`,
      a.reviewer.token,
    );
    expect(license.statusCode).toBe(200);
    const approved = await t.call('POST', `${base()}/approve`, a.reviewer.token);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('verified');

    await t.project();
    const res = await t.call('GET', `${base()}/achievements`, a.dana.token);
    const byKey = Object.fromEntries(res.json().items.map((i: any) => [i.key, i]));
    expect(byKey['onboarding-complete']).toMatchObject({
      category: 'completion',
      unlocked: true,
      progress: 1,
      unlockedAt: expect.any(String),
    });
    expect(byKey['fully-verified']).toMatchObject({ unlocked: true, progress: 3 });
    expect(byKey['profile-complete'].unlocked).toBe(true);
  });

  it('the audit log shows each step with actor and old/new values', async () => {
    const log = await auditLog();
    const user = { actor_type: 'user', actor_id: a.dana.id };
    const reviewer = { actor_type: 'user', actor_id: a.reviewer.id };

    expect(entry(log, 'onboarding.contractor.registered.v1')).toMatchObject({
      ...user,
      details: { new_values: expect.objectContaining({ status: 'pending' }) },
    });
    expect(entry(log, 'onboarding.business-profile.saved.v1')).toMatchObject({
      ...user,
      details: {
        new_values: expect.objectContaining({ legalName: 'Dana Roofing LLC', taxIdLast4: '6789' }),
      },
    });
    for (const [type, id] of [
      ['onboarding.license.added.v1', items.license],
      ['onboarding.insurance-policy.added.v1', items.policy],
      ['onboarding.bank-account.added.v1', items.bankAccount],
      ['onboarding.document.uploaded.v1', certificate],
    ])
      expect(entry(log, type, id)).toMatchObject({ ...user, details: { resource_id: id } });
    const steps = log.filter(
      (e) => e.details.event_type === 'onboarding.progress.step-completed.v1',
    );
    expect(steps).toHaveLength(6);
    for (const s of steps) expect(s).toMatchObject(user);
    expect(entry(log, 'onboarding.contractor.submitted.v1')).toMatchObject({
      ...user,
      details: {
        old_values: expect.objectContaining({ status: 'pending' }),
        new_values: expect.objectContaining({ status: 'in_review' }),
      },
    });
    // the provider's delivery is applied by the system, in the policy's tenant
    expect(entry(log, 'onboarding.insurance-policy.verified.v1', items.policy)).toMatchObject({
      actor_type: 'system',
      actor_id: null,
      details: {
        old_values: expect.objectContaining({ verificationStatus: 'pending' }),
        new_values: expect.objectContaining({
          verificationStatus: 'verified',
          provider: 'trustlayer',
        }),
      },
    });
    expect(entry(log, 'onboarding.bank-account.verified.v1', items.bankAccount)).toMatchObject({
      ...user,
      details: {
        old_values: expect.objectContaining({ verificationStatus: 'pending' }),
        new_values: expect.objectContaining({ verificationStatus: 'verified' }),
      },
    });
    expect(entry(log, 'onboarding.license.verified.v1', items.license)).toMatchObject(reviewer);
    expect(entry(log, 'onboarding.contractor.approved.v1')).toMatchObject({
      ...reviewer,
      details: {
        old_values: expect.objectContaining({ status: 'in_review' }),
        new_values: expect.objectContaining({ status: 'verified' }),
        ip_address: expect.any(String),
      },
    });
  });

  it('the license expires by the job and the contractor is back in_review', async () => {
    jest.spyOn(t.app.get(OnboardingClock), 'now').mockReturnValue(new Date('2030-07-01T08:00:00Z'));
    const changes = await t.app.get(ComplianceExpiryJob).run();
    expect(changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: items.license })]),
    );
    expect((await contractor()).status).toBe('in_review');
    const license = await t.call('GET', `/api/v1/licenses/${items.license}`, a.dana.token);
    expect(license.json().status).toBe('expired');

    const log = await auditLog();
    expect(entry(log, 'onboarding.license.expired.v1', items.license)).toMatchObject({
      actor_type: 'system',
      details: { new_values: expect.objectContaining({ status: 'expired' }) },
    });
    expect(entry(log, 'onboarding.contractor.reopened.v1')).toMatchObject({
      actor_type: 'system',
      details: {
        old_values: expect.objectContaining({ status: 'verified' }),
        new_values: expect.objectContaining({ status: 'in_review' }),
      },
    });
    // set once: the achievement stays unlocked though the contractor is no longer verified
    const res = await t.call('GET', `${base()}/achievements`, a.dana.token);
    const done = res.json().items.find((i: any) => i.key === 'onboarding-complete');
    expect(done.unlocked).toBe(true);
  });
});
