import { SYSTEM_ACTOR } from '@opsledger/persistence';
import { superuserClient } from '@opsledger/testing';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { samExtractLines } from '../../src/cli/synthetic-contractors';
import { ContractorImporter } from '../../src/modules/portfolio/portfolio.public';
import { ObjectStorage } from '@opsledger/object-storage';
import { gunzipSync } from 'node:zlib';
import { RetentionRules } from '../../src/modules/privacy/application/retention-rules';
import { RetentionJob } from '../../src/modules/privacy/application/retention.job';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

interface ListView {
  id: string;
  name: string;
  isDefault: boolean;
  itemCount: number;
  totalValue: string;
  version: number;
  access: string;
}

/**
 * Issue 14's "done when", through HTTP: find contractors by a misspelt name and by NAICS and
 * state, add them to a new default list, share it with a colleague (who sees it) and by an
 * email link (read-only, no account), and read each step in the list's activity.
 */
describe('contractor lists (e2e)', () => {
  let t: TestApp;
  let su: Client;
  let owner: TenantMember;
  let colleague: TenantMember;
  let outsider: TenantMember;
  let otherTenant: TenantMember;

  const call = (
    who: TenantMember | null,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => t.call(method, url, who?.token ?? null, body, headers);

  beforeAll(async () => {
    t = await createTestApp();
    su = await superuserClient(t.db.url);
    const bytes = Buffer.from([...samExtractLines(1500, 21)].join('\n'));
    await t.app.get(ContractorImporter).run(
      {
        source: 'sam-extract',
        fileName: 'lists.dat',
        fileSha256: createHash('sha256').update(bytes).digest('hex'),
        open: () => Readable.from([bytes]),
      },
      SYSTEM_ACTOR,
    );
    // contract values, so totals mean something
    await su.query(
      `UPDATE contractor_profiles SET total_contract_value = (abs(hashtext(uei)) % 1000000) + 0.25`,
    );
    const admin = await t.loginAsAdmin();
    const a = await createTenantWithMembers(t, admin, {
      owner: 'member',
      colleague: 'member',
      outsider: 'member',
    });
    ({ owner, colleague, outsider } = a.members);
    otherTenant = (await createTenantWithMembers(t, admin, { other: 'member' })).members.other;
  });
  afterAll(async () => {
    await su.end();
    await t.close();
  });

  it('walks the whole story, and the activity shows each step', async () => {
    const byName = await call(
      owner,
      'GET',
      `/api/v1/contractor-profiles?q=${encodeURIComponent('keystone constructoin')}&limit=5`,
    );
    expect(byName.statusCode).toBe(200);
    const first = byName.json().items[0];
    expect(first.name).toMatch(/^KEYSTONE CONSTRUCTION/);
    const byNaics = await call(
      owner,
      'GET',
      '/api/v1/contractor-profiles?state=VA&naics=5413&limit=2',
    );
    const second = byNaics.json().items[0];
    expect(second.naicsCode).toMatch(/^5413/);

    const created = await call(owner, 'POST', '/api/v1/contractor-lists', {
      name: 'Teaming partners',
      color: '#1f6feb',
    });
    expect(created.statusCode).toBe(201);
    const list = created.json() as ListView;
    expect(list.isDefault).toBe(true); // the first list is the default
    expect(created.headers.location).toBe(`/api/v1/contractor-lists/${list.id}`);
    expect(created.headers.etag).toBe(`"v${list.version}"`);

    for (const [profile, rating] of [
      [first, 5],
      [second, 3],
    ] as const) {
      const added = await call(owner, 'POST', `/api/v1/contractor-lists/${list.id}/items`, {
        contractorProfileId: profile.id,
        rating,
        tags: ['teaming'],
        notes: 'met at the industry day',
      });
      expect(added.statusCode).toBe(201);
      expect(added.json().profile.name).toBe(profile.name);
    }
    const again = await call(owner, 'POST', `/api/v1/contractor-lists/${list.id}/items`, {
      contractorProfileId: first.id,
    });
    expect(again.statusCode).toBe(409);

    const after = (
      await call(owner, 'GET', `/api/v1/contractor-lists/${list.id}`)
    ).json() as ListView;
    const expectedTotal = (
      await su.query(
        `SELECT sum(total_contract_value)::text AS t FROM contractor_profiles WHERE id = ANY($1)`,
        [[first.id, second.id]],
      )
    ).rows[0].t;
    expect(after).toMatchObject({ itemCount: 2, totalValue: expectedTotal });

    // the colleague cannot see it, until it is shared with them
    expect((await call(colleague, 'GET', `/api/v1/contractor-lists/${list.id}`)).statusCode).toBe(
      404,
    );
    const shared = await call(owner, 'POST', `/api/v1/contractor-lists/${list.id}/shares`, {
      userId: colleague.id,
      permission: 'view',
    });
    expect(shared.statusCode).toBe(201);
    const seen = await call(colleague, 'GET', `/api/v1/contractor-lists?scope=shared`);
    expect(seen.json().items.map((l: ListView) => [l.id, l.access])).toEqual([[list.id, 'view']]);
    expect(
      (await call(colleague, 'GET', `/api/v1/contractor-lists/${list.id}/items`)).json().items,
    ).toHaveLength(2);
    // view only: no changes, in the application and in the database's policies
    expect(
      (await call(colleague, 'PATCH', `/api/v1/contractor-lists/${list.id}`, { name: 'Mine now' }))
        .statusCode,
    ).toBe(403);
    expect((await call(outsider, 'GET', `/api/v1/contractor-lists/${list.id}`)).statusCode).toBe(
      404,
    );
    expect((await call(otherTenant, 'GET', `/api/v1/contractor-lists/${list.id}`)).statusCode).toBe(
      404,
    );

    const byEmail = await call(owner, 'POST', `/api/v1/contractor-lists/${list.id}/shares`, {
      email: 'Partner@Example.com',
    });
    expect(byEmail.statusCode).toBe(201);
    const { token, link } = byEmail.json();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = (
      await su.query(
        `SELECT access_token FROM contractor_list_shares WHERE shared_with_email = 'partner@example.com'`,
      )
    ).rows[0];
    expect(stored.access_token).toBe(createHash('sha256').update(token).digest('hex'));
    const opened = await call(null, 'GET', link);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().list.name).toBe('Teaming partners');
    expect(opened.json().list.access).toBe('view');
    expect(opened.json().items.items).toHaveLength(2);
    expect((await call(null, 'GET', `/api/v1/shared-lists/${'x'.repeat(43)}`)).statusCode).toBe(
      404,
    );
    const accessed = (
      await call(owner, 'GET', `/api/v1/contractor-lists/${list.id}/shares`)
    ).json();
    expect(
      accessed.find((s: { sharedWithEmail: string }) => s.sharedWithEmail === 'partner@example.com')
        .lastAccessedAt,
    ).not.toBeNull();

    const csv = await call(owner, 'GET', `/api/v1/contractor-lists/${list.id}/export`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe(
      'uei,cage_code,name,state,naics_code,total_contract_value,rating,priority,tags,notes,added_at',
    );
    expect(csv.body.trimEnd().split('\r\n')).toHaveLength(3);

    await t.project();
    const activity = await call(
      colleague,
      'GET',
      `/api/v1/contractor-lists/${list.id}/activity?limit=50`,
    );
    expect(activity.statusCode).toBe(200);
    const actions = (activity.json().items as Array<{ action: string; userId: string | null }>)
      .map((a) => a.action)
      .reverse();
    expect(actions).toEqual([
      'created',
      'item-added',
      'item-added',
      'shared',
      'shared',
      'share-opened',
    ]);
    expect(activity.json().items.at(-1).userId).toBe(owner.id);
  });

  it('keeps one default list per user: a new default takes the flag, the default cannot be unset', async () => {
    const lists = (
      await call(outsider, 'POST', '/api/v1/contractor-lists', { name: 'A' })
    ).json() as ListView;
    const b = (
      await call(outsider, 'POST', '/api/v1/contractor-lists', { name: 'B', isDefault: true })
    ).json() as ListView;
    expect(b.isDefault).toBe(true);
    expect(
      ((await call(outsider, 'GET', `/api/v1/contractor-lists/${lists.id}`)).json() as ListView)
        .isDefault,
    ).toBe(false);
    const unset = await call(outsider, 'PATCH', `/api/v1/contractor-lists/${b.id}`, {
      isDefault: false,
    });
    expect(unset.statusCode).toBe(409);
    expect(
      (
        await su.query(
          `SELECT count(*)::int AS n FROM contractor_lists WHERE user_id = $1 AND is_default`,
          [outsider.id],
        )
      ).rows[0].n,
    ).toBe(1);
  });

  it('counts concurrent adds exactly', async () => {
    const list = (
      await call(colleague, 'POST', '/api/v1/contractor-lists', { name: 'Concurrent' })
    ).json() as ListView;
    const profiles = (
      await su.query<{ id: string }>(`SELECT id FROM contractor_profiles ORDER BY uei LIMIT 12`)
    ).rows;
    const results = await Promise.all(
      profiles.map((p) =>
        call(colleague, 'POST', `/api/v1/contractor-lists/${list.id}/items`, {
          contractorProfileId: p.id,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(profiles.map(() => 201));
    const view = (
      await call(colleague, 'GET', `/api/v1/contractor-lists/${list.id}`)
    ).json() as ListView;
    const total = (
      await su.query(
        `SELECT sum(total_contract_value)::text AS t FROM contractor_profiles WHERE id = ANY($1)`,
        [profiles.map((p) => p.id)],
      )
    ).rows[0].t;
    expect(view).toMatchObject({ itemCount: 12, totalValue: total });
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'x', color: 'blue' }, 'color'],
    [{ name: 'x', sortOrder: -1 }, 'sortOrder'],
    [{ name: 'x', settings: [] }, 'settings'],
  ])('refuses a list %j with a 400 naming %s and writes nothing', async (body, field) => {
    const before = (await su.query(`SELECT count(*)::int AS n FROM contractor_lists`)).rows[0].n;
    const res = await call(owner, 'POST', '/api/v1/contractor-lists', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect((await su.query(`SELECT count(*)::int AS n FROM contractor_lists`)).rows[0].n).toBe(
      before,
    );
  });

  it('enforces the policies in the database itself, as the application role', async () => {
    const c = await superuserClient(t.db.url);
    try {
      const tenant = (
        await c.query(`SELECT tenant_id FROM contractor_lists WHERE user_id = $1 LIMIT 1`, [
          outsider.id,
        ])
      ).rows[0];
      await c.query('BEGIN');
      await c.query(`SET LOCAL ROLE opsledger_app`);
      await c.query(
        `SELECT set_config('app.user_id', $1, true), set_config('app.tenant_id', $2, true)`,
        [outsider.id, tenant.tenant_id],
      );
      const visible = await c.query(`SELECT name FROM contractor_lists`);
      expect(visible.rows.map((r) => r.name).sort()).toEqual(['A', 'B']);
      const changed = await c.query(
        `UPDATE contractor_lists SET name = 'hijacked' WHERE name = 'Teaming partners'`,
      );
      expect(changed.rowCount).toBe(0);
    } finally {
      await c.query('ROLLBACK');
      await c.end();
    }
  });

  it('archives a year-old month of activity to object storage as gzip NDJSON and drops its partition', async () => {
    const rule = t.app
      .get(RetentionRules)
      .all()
      .find((r) => r.name === 'portfolio.list-activity')!;
    const list = (await su.query(`SELECT id, tenant_id FROM contractor_lists LIMIT 1`)).rows[0];
    const now = new Date();
    const old = new Date(Date.UTC(now.getUTCFullYear() - 2, now.getUTCMonth(), 10));
    const month = old.toISOString().slice(0, 7);
    await su.query(`SELECT portfolio_ensure_activity_partition($1::date)`, [`${month}-01`]);
    for (let n = 0; n < 3; n++)
      await su.query(
        `INSERT INTO contractor_list_activity (id, tenant_id, list_id, action, metadata, created_at)
         VALUES (gen_random_uuid(), $1, $2, 'item-added', '{}', $3)`,
        [list.tenant_id, list.id, old.toISOString().replace('Z', '')],
      );
    const partition = `contractor_list_activity_${month.replace('-', '_')}`;
    expect(await rule.countDue(rule.cutoff(now))).toBe(0); // only the system scope sees it all
    const result = await t.app.get(RetentionJob).apply(rule, now);
    expect(result.removed).toBeGreaterThanOrEqual(3);
    expect((await su.query(`SELECT to_regclass($1) AS r`, [partition])).rows[0].r).toBeNull();
    const archive = await t.app
      .get(ObjectStorage)
      .get(`archives/contractor-list-activity/${month}.ndjson.gz`);
    const chunks: Buffer[] = [];
    for await (const chunk of archive.stream) chunks.push(chunk as Buffer);
    const lines = gunzipSync(Buffer.concat(chunks)).toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0])).toMatchObject({ list_id: list.id, action: 'item-added' });
    // the current months stay
    const current = `contractor_list_activity_${now.toISOString().slice(0, 7).replace('-', '_')}`;
    expect((await su.query(`SELECT to_regclass($1) AS r`, [current])).rows[0].r).not.toBeNull();
  });
});
