import { ProjectionRunner } from '@opsledger/event-store';
import { superuserClient } from '@opsledger/testing';
import { createTenantWithMembers, joinTenant, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

describe('crm: deals, pipeline and timeline (e2e)', () => {
  let t: TestApp;
  let a: Record<'ivy' | 'sam', TenantMember>;
  let b: Record<'zoe', TenantMember>;
  let aAdmin: TenantMember;
  let property: string;
  let lead: string;

  const dealCount = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT count(*)::int AS n FROM deals`);
    await c.end();
    return r.rows[0].n as number;
  };
  const open = (token: string, body: Record<string, unknown>) =>
    t.call('POST', '/api/v1/deals', token, body);

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    const ta = await createTenantWithMembers(t, admin, { ivy: 'member', sam: 'member' });
    a = ta.members;
    b = (await createTenantWithMembers(t, admin, { zoe: 'member' })).members;
    aAdmin = await joinTenant(
      t,
      await t.createUser(admin, { role: 'admin' }),
      ta.tenantId,
      'member',
    );
    property = (
      await t.call('POST', '/api/v1/properties', a.ivy.token, {
        addressLine1: '12 Oak St',
        city: 'Austin',
        state: 'TX',
        zip: '78701',
        squareFeet: 1500,
      })
    ).json().id;
    lead = (await t.call('POST', '/api/v1/leads', a.ivy.token, { name: 'Pat' })).json().id;
  });
  afterAll(() => t.close());

  let deal: { id: string; version: number };

  it('opens a deal on the investor’s own lead and property', async () => {
    const res = await open(a.ivy.token, {
      title: '12 Oak flip',
      leadId: lead,
      propertyId: property,
      estimatedValue: '200000',
      probability: 50,
      nextAction: 'Call seller',
      nextActionDue: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'active',
      stage: 'initial_contact',
      estimatedValue: '200000.00',
      probability: 50,
    });
    deal = res.json();
  });

  it('refuses a lead or property the investor does not own (422) and bad input (400), writing nothing', async () => {
    const before = await dealCount();
    const foreign = await open(a.sam.token, { title: 'x', propertyId: property });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors[0].field).toBe('propertyId');
    expect((await open(b.zoe.token, { title: 'x', leadId: lead })).statusCode).toBe(422);
    for (const body of [
      {},
      { title: ' ' },
      { title: 'x', probability: 101 },
      { title: 'x', stage: 'Negotiation!' },
      { title: 'x', estimatedValue: '1.234' },
      { title: 'x', expectedCloseDate: '2027-13-01' },
      { title: 'x', nextActionDue: 'soon' },
      { title: 'x', leadId: 'nope' },
    ]) {
      const res = await open(a.ivy.token, body);
      expect([res.statusCode, body]).toEqual([400, body]);
    }
    expect(await dealCount()).toBe(before);
  });

  it('holds one active deal per property, also under concurrent opens (exactly one 201, the rest 409)', async () => {
    const second = await open(a.ivy.token, { title: 'again', propertyId: property });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('DEAL.PROPERTY_HAS_ACTIVE_DEAL');

    const fresh = (
      await t.call('POST', '/api/v1/properties', a.ivy.token, {
        addressLine1: 'Race St',
        city: 'Austin',
        state: 'TX',
        zip: '78701',
      })
    ).json().id;
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        open(a.ivy.token, { title: `race ${i}`, propertyId: fresh }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('moves freely between stages while active and follows the lifecycle', async () => {
    const staged = await t.call('PATCH', `/api/v1/deals/${deal.id}`, a.ivy.token, {
      stage: 'negotiation',
      probability: 70,
    });
    expect(staged.statusCode).toBe(200);
    expect(staged.json()).toMatchObject({ stage: 'negotiation', probability: 70 });
    const lost = await t.call('POST', `/api/v1/deals/${deal.id}/lose`, a.ivy.token, {
      reason: 'seller went quiet',
    });
    expect(lost.json().status).toBe('lost');
    // a closed deal refuses changes; the lifecycle refuses a wrong move with the allowed ones
    expect(
      (await t.call('PATCH', `/api/v1/deals/${deal.id}`, a.ivy.token, { stage: 'x' })).statusCode,
    ).toBe(409);
    const wrong = await t.call('POST', `/api/v1/deals/${deal.id}/win`, a.ivy.token, {});
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().allowedTransitions.sort()).toEqual(['archive', 'reopen']);
    // the property is free while the deal is lost: another deal takes it, and blocks the reopen
    const other = await open(a.ivy.token, { title: 'taker', propertyId: property });
    expect(other.statusCode).toBe(201);
    expect(
      (await t.call('POST', `/api/v1/deals/${deal.id}/reopen`, a.ivy.token, {})).statusCode,
    ).toBe(409);
    await t.call('POST', `/api/v1/deals/${other.json().id}/archive`, a.ivy.token, {});
    const reopened = await t.call('POST', `/api/v1/deals/${deal.id}/reopen`, a.ivy.token, {});
    expect(reopened.json().status).toBe('active');
    const won = await t.call(
      'POST',
      `/api/v1/deals/${deal.id}/win`,
      a.ivy.token,
      {},
      {
        'if-match': `"v${reopened.json().version}"`,
      },
    );
    expect(won.statusCode).toBe(200);
    expect(won.json().status).toBe('won');
    const final = await t.call('POST', `/api/v1/deals/${deal.id}/reopen`, a.ivy.token, {});
    expect(final.statusCode).toBe(409);
    expect(final.json().allowedTransitions).toEqual([]);
  });

  it('answers the pipeline board (count, total, weighted value per stage) and next actions due', async () => {
    const due = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    await open(a.sam.token, {
      title: 's1',
      stage: 'negotiation',
      estimatedValue: '100000',
      probability: 50,
      nextAction: 'Offer',
      nextActionDue: due(-1),
    });
    await open(a.sam.token, {
      title: 's2',
      stage: 'negotiation',
      estimatedValue: '300000',
      probability: 10,
      nextAction: 'Visit',
      nextActionDue: due(3),
    });
    await open(a.sam.token, {
      title: 's3',
      stage: 'under_contract',
      estimatedValue: '50000',
      nextAction: 'Close',
      nextActionDue: due(30),
    });
    const lostOne = (
      await open(a.sam.token, { title: 's4', stage: 'negotiation', estimatedValue: '999' })
    ).json();
    await t.call('POST', `/api/v1/deals/${lostOne.id}/lose`, a.sam.token, {});

    const board = await t.call('GET', '/api/v1/deals/pipeline', a.sam.token);
    expect(board.statusCode).toBe(200);
    expect(board.json().stages).toEqual([
      { stage: 'negotiation', count: 2, totalValue: '400000.00', weightedValue: '80000.00' },
      { stage: 'under_contract', count: 1, totalValue: '50000.00', weightedValue: '0.00' },
    ]);
    const next = await t.call('GET', '/api/v1/deals/next-actions?withinDays=7', a.sam.token);
    expect(next.json().items.map((d: { title: string }) => d.title)).toEqual(['s1', 's2']);
    // the admin sees the whole workspace, another workspace nothing
    const adminBoard = await t.call('GET', '/api/v1/deals/pipeline', aAdmin.token);
    expect(
      adminBoard.json().stages.reduce((n: number, s: { count: number }) => n + s.count, 0),
    ).toBeGreaterThan(3);
    expect((await t.call('GET', '/api/v1/deals/pipeline', b.zoe.token)).json().stages).toEqual([]);
    expect((await t.call('GET', `/api/v1/deals/${deal.id}`, b.zoe.token)).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/deals/${deal.id}`, a.sam.token)).statusCode).toBe(404);
    expect(
      (await t.call('POST', `/api/v1/deals/${deal.id}/notes`, aAdmin.token, { text: 'x' }))
        .statusCode,
    ).toBe(403);
  });

  it('shows the whole story on the timeline, a projection of the ledger that rebuilds the same', async () => {
    const note = await t.call('POST', `/api/v1/deals/${deal.id}/notes`, a.ivy.token, {
      text: 'Closed at 195k',
    });
    expect(note.statusCode).toBe(201);
    await t.project();
    const timeline = async () =>
      (await t.call('GET', `/api/v1/deals/${deal.id}/events`, a.ivy.token)).json().items as Array<{
        eventType: string;
        description: string;
        createdBy: string | null;
      }>;
    const story = await timeline();
    expect(story.map((e) => e.eventType)).toEqual([
      'deal_created',
      'deal_updated',
      'stage_changed',
      'status_changed',
      'status_changed',
      'status_changed',
      'note_added',
    ]);
    expect(story.map((e) => e.description)).toEqual(
      expect.arrayContaining([
        'Stage initial_contact → negotiation',
        'Status active → won',
        'Closed at 195k',
      ]),
    );
    expect(story.every((e) => e.createdBy === a.ivy.id)).toBe(true);

    await t.app.get(ProjectionRunner).rebuild('deal_events');
    const rebuilt = await timeline();
    expect(rebuilt.map((e) => [e.eventType, e.description])).toEqual(
      story.map((e) => [e.eventType, e.description]),
    );
    expect((await t.call('GET', `/api/v1/deals/${deal.id}/events`, a.sam.token)).statusCode).toBe(
      404,
    );
  });
});
