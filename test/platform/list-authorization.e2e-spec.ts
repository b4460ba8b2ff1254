import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Who may list what (issue 9): driven from the roles × resources table in
 * docs/architecture.md ("Who may list what"), so the documentation and the behaviour cannot
 * drift apart. Each cell is the status the role gets and, for a 200, how far the list reaches:
 * `all` (another tenant's rows too), `tenant` (rows of its tenant that are not its own),
 * `own` (only rows that are its own: itself, its customer, its assigned work).
 */
const ROLES = [
  'platform admin',
  'support',
  'auditor',
  'owner',
  'admin',
  'dispatcher',
  'member',
  'viewer',
  'technician',
  'customer portal',
] as const;
type Role = (typeof ROLES)[number];

function readTable(): Array<{ route: string; cells: Record<Role, string> }> {
  const doc = readFileSync(join(__dirname, '../../docs/architecture.md'), 'utf8');
  const start = doc.indexOf('<!-- list-authorization-table -->');
  if (start < 0) throw new Error('docs/architecture.md has no list-authorization table');
  const lines = doc
    .slice(start)
    .split('\n')
    .slice(1)
    .filter((l, i, all) => l.startsWith('|') && all.slice(0, i).every((p) => p.startsWith('|')));
  const split = (l: string) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim().replace(/`/g, ''));
  const header = split(lines[0]).slice(1);
  expect(header).toEqual([...ROLES]);
  return lines.slice(2).map((l) => {
    const [route, ...cells] = split(l);
    return {
      route,
      cells: Object.fromEntries(ROLES.map((r, i) => [r, cells[i]])) as Record<Role, string>,
    };
  });
}

describe('who may list what: the roles × resources table (e2e)', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;
  const own = {} as Record<Role, Set<string>>;
  const tenantIds = new Set<string>();
  const otherIds = new Set<string>();
  let tenantId: string;
  let userOf = {} as Record<Role, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    const fixture = await createTenantWithMembers(t, admin, {
      owner: 'owner',
      admin: 'admin',
      dispatcher: 'dispatcher',
      member: 'member',
      viewer: 'viewer',
      technician: 'member',
      portal: 'member',
    });
    tenantId = fixture.tenantId;
    const m = fixture.members;
    const other = (await createTenantWithMembers(t, admin, { dispatcher: 'dispatcher' })).members
      .dispatcher;
    const create = async (token: string, url: string, body: unknown) => {
      const res = await t.call('POST', url, token, body);
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };
    const customer = await create(m.dispatcher.token, '/api/v1/customers', {
      email: 'mine@list.example',
    });
    const otherCustomer = await create(m.dispatcher.token, '/api/v1/customers', {
      email: 'theirs@list.example',
    });
    const technician = await create(m.dispatcher.token, '/api/v1/technicians', {
      licenseNumber: 'L-1',
      firstName: 'Tess',
      lastName: 'Tech',
    });
    const otherTechnician = await create(m.dispatcher.token, '/api/v1/technicians', {
      licenseNumber: 'L-2',
      firstName: 'Theo',
      lastName: 'Tech',
    });
    for (const [kind, id, user] of [
      ['customers', customer, m.portal],
      ['technicians', technician, m.technician],
    ] as const) {
      const res = await t.call('POST', `/api/v1/${kind}/${id}/portal-user`, m.dispatcher.token, {
        userId: user.id,
      });
      expect(res.statusCode).toBe(200);
    }
    const mine = await create(m.dispatcher.token, '/api/v1/work-orders', {
      title: 'Mine',
      customerId: customer,
    });
    const theirs = await create(m.dispatcher.token, '/api/v1/work-orders', {
      title: 'Theirs',
      customerId: otherCustomer,
    });
    const assigned = await t.call(
      'POST',
      `/api/v1/work-orders/${mine}/assign`,
      m.dispatcher.token,
      {
        assignedTechnicianId: technician,
        scheduledStart: '2030-10-01T09:00:00Z',
        scheduledEnd: '2030-10-01T11:00:00Z',
      },
    );
    expect(assigned.statusCode).toBeLessThan(300);
    const elsewhere = await create(other.token, '/api/v1/customers', { email: 'x@other.example' });
    for (const id of [other.id, elsewhere]) otherIds.add(id);

    const platform = async (role: string) => {
      const u = await t.createUser(admin, { role });
      return { id: u.id, token: (await t.login(u.email, u.password)).accessToken };
    };
    const support = await platform('support');
    const auditor = await platform('auditor');
    const adminId = (await t.call('GET', '/api/v1/me', admin)).json().id as string;
    const members: Array<[Role, TenantMember]> = [
      ['owner', m.owner],
      ['admin', m.admin],
      ['dispatcher', m.dispatcher],
      ['member', m.member],
      ['viewer', m.viewer],
      ['technician', m.technician],
      ['customer portal', m.portal],
    ];
    userOf = { 'platform admin': adminId, support: support.id, auditor: auditor.id } as Record<
      Role,
      string
    >;
    tokens['platform admin'] = admin;
    tokens.support = support.token;
    tokens.auditor = auditor.token;
    for (const [role, member] of members) {
      tokens[role] = member.token;
      userOf[role] = member.id;
    }
    for (const id of [customer, otherCustomer, technician, otherTechnician, mine, theirs])
      tenantIds.add(id);
    for (const [, member] of members) tenantIds.add(member.id);
    for (const role of ROLES) own[role] = new Set([userOf[role]]);
    own['customer portal'] = new Set([m.portal.id, customer, mine]);
    own.technician = new Set([m.technician.id, technician, mine]);
  });
  afterAll(() => t.close());

  const observe = async (role: Role, route: string): Promise<string> => {
    const url = route.replace('{tenant}', tenantId).replace('{other user}', userOf.member);
    const res = await t.call('GET', `/api/v1${url}?limit=100`, tokens[role]);
    if (res.statusCode !== 200) return String(res.statusCode);
    const body = res.json() as { items?: Array<Record<string, unknown>> };
    const ids = (body.items ?? []).flatMap((i) =>
      [i.id, i.userId].filter((v): v is string => typeof v === 'string'),
    );
    if (ids.some((id) => otherIds.has(id))) return '200 all';
    if (ids.some((id) => tenantIds.has(id) && !own[role].has(id))) return '200 tenant';
    return '200 own';
  };

  it('every role × list route answers as the table says', async () => {
    const table = readTable();
    expect(table.length).toBeGreaterThanOrEqual(10);
    const differences: string[] = [];
    for (const { route, cells } of table) {
      for (const role of ROLES) {
        const seen = await observe(role, route);
        if (seen !== cells[role])
          differences.push(`${route} as ${role}: table ${cells[role]}, got ${seen}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('customer-portal and technician logins read only their own account; staff read the tenant’s', async () => {
    for (const role of ['customer portal', 'technician', 'member', 'viewer'] as const) {
      const list = await t.call('GET', '/api/v1/users?limit=100', tokens[role]);
      expect(list.json().items.map((u: { id: string }) => u.id)).toEqual([userOf[role]]);
      expect((await t.call('GET', `/api/v1/users/${userOf[role]}`, tokens[role])).statusCode).toBe(
        200,
      );
      const another = role === 'technician' ? userOf['customer portal'] : userOf.technician;
      expect((await t.call('GET', `/api/v1/users/${another}`, tokens[role])).statusCode).toBe(404);
    }
    expect(
      (await t.call('GET', `/api/v1/users/${userOf['customer portal']}`, tokens.dispatcher))
        .statusCode,
    ).toBe(200);
  });
});
