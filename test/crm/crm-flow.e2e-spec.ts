import { JobWorker } from '@opsledger/jobs';
import { SystemLogWriter } from '../../src/modules/crm/application/system-log-writer.port';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Issue 15's "Done when", as far as it is built: an investor imports leads from a CSV, turns
 * one into a deal on a new property, queues a valuation that finishes with a result, moves the
 * deal to won and sees the story on its timeline; another investor sees none of it; an admin
 * sees a job failure in the system logs. (Document upload and analysis are not built yet.)
 */
describe('crm: the issue 15 flow (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let a: Record<'investor', TenantMember>;
  let b: Record<'other', TenantMember>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAsAdmin();
    a = (await createTenantWithMembers(t, admin, { investor: 'member' })).members;
    b = (await createTenantWithMembers(t, admin, { other: 'member' })).members;
    await t.app.get(JobWorker).start();
  });
  afterAll(async () => {
    await t.app.get(JobWorker).stop();
    await t.close();
  });

  const waitFor = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const j = (await t.call('GET', `/api/v1/ai-jobs/${id}`, a.investor.token)).json();
      if (['succeeded', 'failed', 'cancelled'].includes(j.status)) return j;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('job did not finish');
  };

  it('imports leads, opens a deal on a new property, values it, wins it and shows the story', async () => {
    const imported = await t.call('POST', '/api/v1/leads/import', a.investor.token, {
      csv: 'name,email,phone,tags\nPat Seller,pat@example.com,+15125550100,probate\nRay Owner,ray@example.com,,absentee\n',
    });
    expect(imported.json()).toMatchObject({ created: 2, duplicates: 0, invalid: 0 });
    const lead = imported.json().rows[0].leadId as string;

    const call = (method: 'POST' | 'GET', url: string, body?: unknown) =>
      t.call(method, url, a.investor.token, body);
    for (const [addressLine1, squareFeet, purchasePrice] of [
      ['Comp 1', 1400, '154000'],
      ['Comp 2', 1600, '192000'],
    ] as const)
      await call('POST', '/api/v1/properties', {
        addressLine1,
        city: 'Austin',
        state: 'TX',
        zip: '78702',
        squareFeet,
        purchasePrice,
      });
    const property = (
      await call('POST', '/api/v1/properties', {
        addressLine1: '7 Elm St',
        city: 'Austin',
        state: 'TX',
        zip: '78702',
        squareFeet: 1500,
        yearBuilt: 1978,
      })
    ).json().id as string;
    const deal = (
      await call('POST', '/api/v1/deals', {
        title: '7 Elm flip',
        leadId: lead,
        propertyId: property,
        estimatedValue: '160000',
        probability: 40,
      })
    ).json();
    expect(deal.status).toBe('active');

    const job = (
      await call('POST', '/api/v1/ai-jobs', { jobType: 'property_valuation', dealId: deal.id })
    ).json();
    const valued = await waitFor(job.id);
    // median of 110.00 and 120.00 per sq ft = 115.00 × 1500
    expect(valued).toMatchObject({ status: 'succeeded', outputData: { arv: '172500.00' } });

    await call('POST', `/api/v1/deals/${deal.id}/notes`, { text: 'Inspection looks fine' });
    await t.call('PATCH', `/api/v1/deals/${deal.id}`, a.investor.token, {
      stage: 'under_contract',
      probability: 90,
    });
    expect((await call('POST', `/api/v1/deals/${deal.id}/win`, {})).json().status).toBe('won');

    await t.project();
    const story = (await call('GET', `/api/v1/deals/${deal.id}/events`))
      .json()
      .items.map((e: { eventType: string }) => e.eventType);
    expect(story).toEqual([
      'deal_created',
      'ai_job_succeeded',
      'note_added',
      'deal_updated',
      'stage_changed',
      'status_changed',
    ]);

    // another investor sees none of it
    for (const url of [
      `/api/v1/deals/${deal.id}`,
      `/api/v1/deals/${deal.id}/events`,
      `/api/v1/leads/${lead}`,
      `/api/v1/properties/${property}`,
      `/api/v1/ai-jobs/${job.id}`,
    ])
      expect((await t.call('GET', url, b.other.token)).statusCode).toBe(404);
    expect((await t.call('GET', '/api/v1/leads', b.other.token)).json().items).toEqual([]);
  });

  it('an admin sees job failures in the system logs', async () => {
    const lonely = (
      await t.call('POST', '/api/v1/properties', a.investor.token, {
        addressLine1: 'Nowhere',
        city: 'X',
        state: 'TX',
        zip: '00001',
        squareFeet: 900,
      })
    ).json().id;
    const job = (
      await t.call('POST', '/api/v1/ai-jobs', a.investor.token, {
        jobType: 'property_valuation',
        propertyId: lonely,
      })
    ).json();
    expect((await waitFor(job.id)).status).toBe('failed');
    await t.app.get(SystemLogWriter).flush();
    const logs = (await t.call('GET', '/api/v1/system-logs?level=error', admin)).json().items;
    expect(logs.map((l: { details: { jobId: string } }) => l.details.jobId)).toContain(job.id);
  });
});
