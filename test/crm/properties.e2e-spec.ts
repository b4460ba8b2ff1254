import { superuserClient } from '@opsledger/testing';
import { createTenantWithMembers, TenantMember } from '../support/tenant-fixture';
import { createTestApp, TestApp } from '../support/test-app';

describe('crm: properties and comps (e2e)', () => {
  let t: TestApp;
  let a: Record<'ivy' | 'sam', TenantMember>;
  let b: Record<'zoe', TenantMember>;

  const count = async () => {
    const c = await superuserClient(t.db.url);
    const r = await c.query(`SELECT count(*)::int AS n FROM re_properties`);
    await c.end();
    return r.rows[0].n as number;
  };
  const add = (token: string, body: Record<string, unknown>) =>
    t.call('POST', '/api/v1/properties', token, {
      addressLine1: '1 Main St',
      city: 'Austin',
      state: 'TX',
      zip: '78701',
      ...body,
    });

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.loginAsAdmin();
    a = (await createTenantWithMembers(t, admin, { ivy: 'member', sam: 'member' })).members;
    b = (await createTenantWithMembers(t, admin, { zoe: 'member' })).members;
  });
  afterAll(() => t.close());

  it('creates a property with the spec’s fields', async () => {
    const res = await add(a.ivy.token, {
      bedrooms: 3,
      bathrooms: 2.5,
      squareFeet: 1500,
      lotSize: 6000,
      yearBuilt: 1962,
      purchasePrice: '180000',
      propertyType: 'single_family',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      bathrooms: 2.5,
      squareFeet: 1500,
      purchasePrice: '180000.00',
      arv: null,
      status: 'active',
    });
  });

  it('refuses what breaks the spec’s checks: 400 for shape, 422 for a year after next year + 5; nothing written', async () => {
    const before = await count();
    for (const body of [
      { bedrooms: -1 },
      { bathrooms: -0.5 },
      { bathrooms: 2.25 },
      { squareFeet: 0 },
      { lotSize: 0 },
      { yearBuilt: 1799 },
      { purchasePrice: '-1' },
      { purchasePrice: '1.234' },
      { zip: '' },
      { city: '  ' },
    ]) {
      const res = await add(a.ivy.token, body);
      expect([res.statusCode, body]).toEqual([400, body]);
    }
    const late = await add(a.ivy.token, { yearBuilt: new Date().getUTCFullYear() + 6 });
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('PROPERTY.YEAR_BUILT_TOO_LATE');
    expect(
      (await add(a.ivy.token, { yearBuilt: new Date().getUTCFullYear() + 5 })).statusCode,
    ).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('answers comps: same zip, size within the tolerance, closest first, with price per square foot', async () => {
    const subject = (await add(a.ivy.token, { addressLine1: 'Subject', squareFeet: 2000 })).json();
    await add(a.ivy.token, { addressLine1: 'Near', squareFeet: 2100, purchasePrice: '210000' });
    await add(a.ivy.token, {
      addressLine1: 'Nearer',
      squareFeet: 1950,
      purchasePrice: '195000.50',
    });
    await add(a.ivy.token, { addressLine1: 'Too big', squareFeet: 3000, purchasePrice: '1' });
    await add(a.ivy.token, { addressLine1: 'Other zip', zip: '78702', squareFeet: 2000 });
    await add(a.sam.token, { addressLine1: 'Sam’s', squareFeet: 2000, purchasePrice: '1' });
    const gone = (await add(a.ivy.token, { addressLine1: 'Deleted', squareFeet: 2000 })).json();
    expect((await t.call('DELETE', `/api/v1/properties/${gone.id}`, a.ivy.token)).statusCode).toBe(
      204,
    );

    const res = await t.call('GET', `/api/v1/properties/${subject.id}/comps`, a.ivy.token);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ addressLine1: 'Nearer', squareFeet: 1950, pricePerSqft: '100.00' }),
      expect.objectContaining({ addressLine1: 'Near', squareFeet: 2100, pricePerSqft: '100.00' }),
    ]);
    const wide = await t.call(
      'GET',
      `/api/v1/properties/${subject.id}/comps?sizeTolerancePct=50`,
      a.ivy.token,
    );
    expect(wide.json().items.map((c: { addressLine1: string }) => c.addressLine1)).toEqual([
      'Nearer',
      'Near',
      '1 Main St',
      'Too big',
    ]);
    expect(
      (
        await t.call(
          'GET',
          `/api/v1/properties/${subject.id}/comps?sizeTolerancePct=0`,
          a.ivy.token,
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (await t.call('GET', `/api/v1/properties/${subject.id}/comps`, a.sam.token)).statusCode,
    ).toBe(404);
  });

  it('changes a property under If-Match and keeps it from other investors and workspaces', async () => {
    const p = (await add(a.ivy.token, { addressLine1: 'Changing' })).json();
    const res = await t.call(
      'PATCH',
      `/api/v1/properties/${p.id}`,
      a.ivy.token,
      { arv: '250000', status: 'under_contract' },
      { 'if-match': `"v${p.version}"` },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ arv: '250000.00', status: 'under_contract' });
    expect(
      (
        await t.call(
          'PATCH',
          `/api/v1/properties/${p.id}`,
          a.ivy.token,
          { arv: '1' },
          {
            'if-match': `"v${p.version}"`,
          },
        )
      ).statusCode,
    ).toBe(412);
    expect((await t.call('GET', `/api/v1/properties/${p.id}`, a.sam.token)).statusCode).toBe(404);
    expect((await t.call('GET', `/api/v1/properties/${p.id}`, b.zoe.token)).statusCode).toBe(404);
    expect(
      (await t.call('PATCH', `/api/v1/properties/${p.id}`, b.zoe.token, { arv: '1' })).statusCode,
    ).toBe(404);
    const list = await t.call('GET', '/api/v1/properties?zip=78701&limit=2', a.ivy.token);
    expect(list.json().items).toHaveLength(2);
    expect(list.json().nextCursor).toEqual(expect.any(String));
    expect((await t.call('GET', '/api/v1/properties', b.zoe.token)).json().items).toEqual([]);
  });
});
