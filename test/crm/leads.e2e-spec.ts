import { superuserClient } from '@opsledger/testing';
import { SqlDeletedLeadRetentionRule } from '../../src/modules/crm/infrastructure/retention/sql-deleted-lead-retention.rule';
import { RetentionJob } from '../../src/modules/privacy/application/retention.job';
import { createTenantWithMembers, joinTenant, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

describe('crm: leads (e2e)', () => {
  let t: TestApp;
  let adminToken: string;
  let a: Record<'ivy' | 'sam', TenantMember>;
  let b: Record<'zoe', TenantMember>;
  let workspaceA: string;
  let aAdmin: TenantMember;

  const leads = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT count(*)::int AS n FROM leads`);
    const e = await c.query(
      `SELECT count(*)::int AS n FROM event_store WHERE stream_type = 'crm-lead'`,
    );
    await c.end();
    return { rows: r.rows[0].n as number, events: e.rows[0].n as number };
  };
  const create = (token: string, body: Record<string, unknown>) =>
    t.call('POST', '/api/v1/leads', token, body);

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = await t.loginAsAdmin();
    const ta = await createTenantWithMembers(t, adminToken, { ivy: 'member', sam: 'member' });
    a = ta.members;
    workspaceA = ta.tenantId;
    b = (await createTenantWithMembers(t, adminToken, { zoe: 'member' })).members;
    const admin = await t.createUser(adminToken, { role: 'admin' });
    aAdmin = await joinTenant(t, admin, workspaceA, 'member');
  });
  afterAll(() => t.close());

  let pat: { id: string; version: number };

  it('creates a lead with normalized email, phone and tags, in the ledger', async () => {
    const res = await create(a.ivy.token, {
      name: 'Pat Seller',
      email: 'Pat@Example.com',
      phone: '+1 (512) 555-0100',
      tags: ['Probate', 'absentee'],
      score: 40,
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/leads/${res.json().id}`);
    expect(res.json()).toMatchObject({
      email: 'pat@example.com',
      phone: '+15125550100',
      tags: ['probate', 'absentee'],
      status: 'new',
      optStatus: 'pending',
      score: 40,
      userId: a.ivy.id,
    });
    pat = res.json();
    expect((await leads()).events).toBe(1);
  });

  it('refuses a duplicate email (any case) or phone in the workspace with a 409 naming the field', async () => {
    const before = await leads();
    const dupEmail = await create(a.sam.token, { name: 'X', email: 'PAT@example.COM' });
    expect(dupEmail.statusCode).toBe(409);
    expect(dupEmail.json().errors[0].field).toBe('email');
    const dupPhone = await create(a.ivy.token, {
      name: 'X',
      phone: '512.555.0100 '.replace(/^/, '+1 '),
    });
    expect(dupPhone.statusCode).toBe(409);
    expect(dupPhone.json().errors[0].field).toBe('phone');
    // another workspace is another world
    expect((await create(b.zoe.token, { name: 'X', email: 'pat@example.com' })).statusCode).toBe(
      201,
    );
    expect((await leads()).rows).toBe(before.rows + 1);
  });

  it('answers bad input with 400 and writes nothing', async () => {
    const before = await leads();
    for (const body of [
      {},
      { name: '' },
      { name: '   ' },
      { name: 'X', score: 101 },
      { name: 'X', score: 1.5 },
      { name: 'X', email: 'nope' },
      { name: 'X', phone: '12' },
      { name: 'X', tags: ['ok', '!bad'] },
      { name: 'X', status: 'won' },
      { name: 'X', optStatus: 'maybe' },
      { name: 'X', unknown: 1 },
    ]) {
      const res = await create(a.ivy.token, body);
      expect([res.statusCode, body]).toEqual([400, body]);
    }
    expect(await leads()).toEqual(before);
  });

  it('changes a lead under If-Match; a stale version is a 412', async () => {
    const res = await t.call(
      'PATCH',
      `/api/v1/leads/${pat.id}`,
      a.ivy.token,
      { score: 85, tags: ['probate', 'hot'], status: 'qualified', company: 'Estate of P.' },
      { 'if-match': `"v${pat.version}"` },
    );
    expect([res.statusCode, res.body]).toEqual([200, expect.anything()]);
    expect(res.json()).toMatchObject({ score: 85, tags: ['probate', 'hot'], status: 'qualified' });
    expect(res.json().version).toBe(pat.version + 4);
    const stale = await t.call(
      'PATCH',
      `/api/v1/leads/${pat.id}`,
      a.ivy.token,
      { score: 1 },
      {
        'if-match': `"v${pat.version}"`,
      },
    );
    expect(stale.statusCode).toBe(412);
    pat = res.json();
  });

  it('keeps leads to their owner: another investor gets 404, an admin reads but cannot change (403), another workspace sees nothing', async () => {
    expect((await t.call('GET', `/api/v1/leads/${pat.id}`, a.sam.token)).statusCode).toBe(404);
    expect(
      (await t.call('PATCH', `/api/v1/leads/${pat.id}`, a.sam.token, { score: 1 })).statusCode,
    ).toBe(404);
    expect((await t.call('GET', `/api/v1/leads/${pat.id}`, aAdmin.token)).statusCode).toBe(200);
    expect(
      (await t.call('PATCH', `/api/v1/leads/${pat.id}`, aAdmin.token, { score: 1 })).statusCode,
    ).toBe(403);
    expect((await t.call('GET', `/api/v1/leads/${pat.id}`, b.zoe.token)).statusCode).toBe(404);
    const samList = await t.call('GET', '/api/v1/leads', a.sam.token);
    expect(samList.json().items).toEqual([]);
    const adminList = await t.call('GET', '/api/v1/leads', aAdmin.token);
    expect(adminList.json().items.map((l: { id: string }) => l.id)).toContain(pat.id);
    expect(
      (await t.call('GET', '/api/v1/leads', b.zoe.token))
        .json()
        .items.map((l: { id: string }) => l.id),
    ).not.toContain(pat.id);
  });

  it('records outreach, and refuses it (422) once the lead opts out', async () => {
    const ok = await t.call('POST', `/api/v1/leads/${pat.id}/outreach`, a.ivy.token, {
      channel: 'sms',
      note: 'first touch',
    });
    expect(ok.statusCode).toBe(204);
    await t.call('PATCH', `/api/v1/leads/${pat.id}`, a.ivy.token, { optStatus: 'opted_out' });
    const before = await leads();
    const refused = await t.call('POST', `/api/v1/leads/${pat.id}/outreach`, a.ivy.token, {
      channel: 'voice',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('LEAD.OPTED_OUT');
    expect(await leads()).toEqual(before);
  });

  it('searches by part of name, email, phone and by tag and status, page by page', async () => {
    for (let i = 0; i < 3; i++)
      expect(
        (
          await create(a.ivy.token, {
            name: `Search Person ${i}`,
            email: `sp${i}@example.org`,
            tags: ['batch'],
          })
        ).statusCode,
      ).toBe(201);
    const q = async (query: string) =>
      (await t.call('GET', `/api/v1/leads?${query}`, a.ivy.token)).json() as {
        items: Array<{ name: string }>;
        nextCursor: string | null;
      };
    expect((await q('q=seller')).items.map((l) => l.name)).toEqual(['Pat Seller']);
    expect((await q('q=EXAMPLE.COM')).items.map((l) => l.name)).toEqual(['Pat Seller']);
    expect((await q('q=555-0100')).items.map((l) => l.name)).toEqual(['Pat Seller']);
    expect((await q('q=%25')).items).toEqual([]);
    expect((await q('tag=hot')).items.map((l) => l.name)).toEqual(['Pat Seller']);
    expect((await q('status=qualified')).items.map((l) => l.name)).toEqual(['Pat Seller']);
    const first = await q('tag=batch&limit=2');
    expect(first.items.map((l) => l.name)).toEqual(['Search Person 2', 'Search Person 1']);
    const second = await q(`tag=batch&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((l) => l.name)).toEqual(['Search Person 0']);
    expect(second.nextCursor).toBeNull();
    expect((await t.call('GET', '/api/v1/leads?cursor=bm9wZQ', a.ivy.token)).statusCode).toBe(400);
  });

  it('soft-deletes a lead: gone from reads, its email and phone free for a new lead', async () => {
    expect((await t.call('DELETE', `/api/v1/leads/${pat.id}`, a.ivy.token)).statusCode).toBe(204);
    expect((await t.call('GET', `/api/v1/leads/${pat.id}`, a.ivy.token)).statusCode).toBe(404);
    expect((await t.call('DELETE', `/api/v1/leads/${pat.id}`, a.ivy.token)).statusCode).toBe(404);
    const again = await create(a.sam.token, {
      name: 'Pat again',
      email: 'pat@example.com',
      phone: '+15125550100',
    });
    expect(again.statusCode).toBe(201);
    const c = await superuserClient(t.db.url);
    const row = await c.query(`SELECT is_deleted, deleted_at FROM leads WHERE id = $1`, [pat.id]);
    await c.end();
    expect(row.rows[0].is_deleted).toBe(true);
    expect(row.rows[0].deleted_at).toBeInstanceOf(Date);
  });

  it('purges a soft-deleted lead 90 days after the delete, not a day earlier, and nothing live', async () => {
    const rule = t.app.get(SqlDeletedLeadRetentionRule);
    const job = t.app.get(RetentionJob);
    const day = 86_400_000;
    const exists = async () => {
      const c = await superuserClient(t.db.url);
      const r = await c.query(`SELECT 1 FROM leads WHERE id = $1`, [pat.id]);
      await c.end();
      return r.rowCount === 1;
    };
    expect((await job.apply(rule, new Date(Date.now() + 89 * day))).removed).toBe(0);
    expect(await exists()).toBe(true);
    const before = await leads();
    expect((await job.apply(rule, new Date(Date.now() + 91 * day))).removed).toBe(1);
    expect(await exists()).toBe(false);
    expect((await leads()).rows).toBe(before.rows - 1);
  });

  it('imports a CSV with a per-row report: created, duplicates (workspace and file) and invalid rows', async () => {
    const csv = [
      'Name,Email,Phone,Tags,Score,Opt_Status',
      'Ann Owner,ann@example.net,(210) 555-0001,probate;vacant,70,opted_in',
      'Dup Of Pat,PAT@example.com,,,,', // sam's live lead since the delete above
      'Ann Twin,ANN@example.net,,,,', // an earlier row of the file
      ',nobody@example.net,,,,', // no name
      'Bad Score,bs@example.net,,,200,',
      'Bad Opt,bo@example.net,,,,maybe',
      '"Quoted, Name",qn@example.net,+442071234567,,,',
      'Short Row',
    ].join('\n');
    const before = await leads();
    const res = await t.call('POST', '/api/v1/leads/import', a.ivy.token, { csv });
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ created: 3, duplicates: 2, invalid: 3 });
    expect(
      report.rows.map((r: { line: number; outcome: string; field?: string }) => [
        r.line,
        r.outcome,
        r.field ?? null,
      ]),
    ).toEqual([
      [2, 'created', null],
      [3, 'duplicate', 'email'],
      [4, 'duplicate', 'email'],
      [5, 'invalid', 'name'],
      [6, 'invalid', 'score'],
      [7, 'invalid', 'opt_status'],
      [8, 'created', null],
      [9, 'created', null],
    ]);
    expect((await leads()).rows).toBe(before.rows + 3);
    const ann = (await t.call('GET', '/api/v1/leads?q=ann%20owner', a.ivy.token)).json().items[0];
    expect(ann).toMatchObject({
      phone: '2105550001',
      tags: ['probate', 'vacant'],
      score: 70,
      optStatus: 'opted_in',
    });
  });

  it('refuses a body that is not CSV with a 400 and writes nothing', async () => {
    const before = await leads();
    const res = await t.call('POST', '/api/v1/leads/import', a.ivy.token, {
      csv: 'name,email\n"unclosed,x@example.net\nok,ok@example.net',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('csv');
    expect(
      (await t.call('POST', '/api/v1/leads/import', a.ivy.token, { csv: 'name,email\n' }))
        .statusCode,
    ).toBe(400);
    expect(await leads()).toEqual(before);
  });
});
