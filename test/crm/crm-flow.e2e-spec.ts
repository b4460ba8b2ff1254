import { Logger } from '@nestjs/common';
import { JobWorker } from '@opsledger/jobs';
import { renderTextPdf } from '../../libs/document-text/src/testing/text-raster';
import { SystemLogWriter } from '../../src/modules/crm/application/system-log-writer.port';
import { SystemLogIndexScheduler } from '../../src/modules/crm/infrastructure/logging/system-log-index.scheduler';
import { multipart } from '../onboarding/onboarding-docs-fixture';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Issue 15's "Done when": an investor imports leads from a CSV, turns one into a deal on a new
 * property, uploads an inspection PDF (multipart), queues a valuation and a document analysis
 * that finish with results, moves the deal to won and sees the whole story on its timeline;
 * another investor sees none of it; an admin sees the job failures (and the service's own
 * warnings and the migration runs) in the system logs.
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

    // the inspection report, uploaded as a multipart form to the deal and its property
    const pdf = renderTextPdf([
      'HOME INSPECTION REPORT',
      'Property: 7 Elm St, Austin, TX 78702',
      'Inspection date: 2026-03-14',
      'Roof: replace within 2 years',
      'Estimated repairs: $8,750.00',
    ]);
    const form = multipart(
      { title: 'Inspection report', type: 'inspection', propertyId: property, dealId: deal.id },
      { name: 'inspection.pdf', type: 'application/pdf', bytes: pdf },
    );
    const uploaded = await t.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { ...form.headers, authorization: `Bearer ${a.investor.token}` },
      payload: form.payload,
    });
    expect(uploaded.statusCode).toBe(201);
    const documentId = uploaded.json().id as string;
    const download = await call('GET', `/api/v1/documents/${documentId}/content`);
    expect(download.rawPayload.equals(pdf)).toBe(true);

    const job = (
      await call('POST', '/api/v1/ai-jobs', { jobType: 'property_valuation', dealId: deal.id })
    ).json();
    const valued = await waitFor(job.id);
    // median of 110.00 and 120.00 per sq ft = 115.00 × 1500
    expect(valued).toMatchObject({ status: 'succeeded', outputData: { arv: '172500.00' } });
    const analysis = (
      await call('POST', '/api/v1/ai-jobs', { jobType: 'document_analysis', documentId })
    ).json();
    expect(analysis.dealId).toBe(deal.id);
    expect(await waitFor(analysis.id)).toMatchObject({
      status: 'succeeded',
      outputData: {
        documentType: 'inspection',
        amounts: [{ amount: '8750.00', currency: 'USD', label: 'Estimated repairs' }],
        dates: [{ date: '2026-03-14', label: 'Inspection date' }],
        addresses: ['7 Elm St, Austin, TX 78702'],
      },
    });

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
      'document_uploaded',
      'ai_job_succeeded',
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
      `/api/v1/ai-jobs/${analysis.id}`,
      `/api/v1/documents/${documentId}`,
      `/api/v1/documents/${documentId}/content`,
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
    // the service's own warnings reach the logs too (through the root logger); Nest holds
    // its lines until listen(), which inject-driven tests never call
    t.app.flushLogs();
    new Logger('CrmFlowProbe').warn('probe warning from the service');
    await t.app.get(SystemLogWriter).flush();
    const logs = (await t.call('GET', '/api/v1/system-logs?level=error', admin)).json().items;
    expect(logs.map((l: { details: { jobId: string } }) => l.details.jobId)).toContain(job.id);
    const service = (await t.call('GET', '/api/v1/system-logs?source=service', admin)).json().items;
    expect(service.map((l: { message: string }) => l.message)).toContain(
      'CrmFlowProbe: probe warning from the service',
    );
    const migrations = (await t.call('GET', '/api/v1/system-logs?source=migration', admin)).json()
      .items;
    expect(migrations[0].message).toMatch(/^applied \d+ migrations$/);
    // nothing of it for an investor
    expect((await t.call('GET', '/api/v1/system-logs', a.investor.token)).statusCode).toBe(403);

    // the daily rebuild of the partial index, from the service (the application role)
    const scheduler = t.app.get(SystemLogIndexScheduler);
    const cutoff = await scheduler.refresh();
    expect(cutoff).toBeInstanceOf(Date);
    expect(await scheduler.cutoff()).toEqual(cutoff);
    expect(Date.now() - cutoff!.getTime()).toBeGreaterThan(7 * 86_400_000);
    expect(Date.now() - cutoff!.getTime()).toBeLessThan(8 * 86_400_000);
  });
});
