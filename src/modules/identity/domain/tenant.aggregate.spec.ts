import { DomainError } from '@opsledger/ddd';
import { Tenant } from './tenant.aggregate';

const ID = '7c0c1a52-1a1e-4a4e-9d0e-000000000001';
const create = (over: Partial<Parameters<typeof Tenant.create>[0]> = {}) =>
  Tenant.create({ id: ID, name: 'Acme', slug: 'acme', ...over });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return undefined;
};

describe('Tenant', () => {
  it('is created active, with selfSignup off by default, recording a versioned event', () => {
    const tenant = create({ name: '  Acme  ', domain: 'Acme.Example.COM' });
    expect(tenant.snapshot).toMatchObject({
      name: 'Acme',
      slug: 'acme',
      domain: 'acme.example.com',
      isActive: true,
      settings: { selfSignup: false },
    });
    expect(tenant.uncommittedEvents.map((e) => e.type)).toEqual(['identity.tenant.created.v1']);
    expect(tenant.version).toBe(0);
  });

  it.each(['Acme', 'acme_corp', '-acme', 'acme-', 'ac--me', 'a'.repeat(101), ''])(
    'refuses the slug %p',
    (slug) => {
      expect(codeOf(() => create({ slug }))).toBe('IDENTITY.INVALID_TENANT_SLUG');
    },
  );

  it('refuses a blank name and a domain that is not a hostname', () => {
    expect(codeOf(() => create({ name: '   ' }))).toBe('IDENTITY.INVALID_TENANT_NAME');
    expect(codeOf(() => create({ domain: 'not a host' }))).toBe('IDENTITY.INVALID_DOMAIN');
    expect(codeOf(() => create({ domain: 'localhost' }))).toBe('IDENTITY.INVALID_DOMAIN');
  });

  it('records renames, domain and settings changes with the previous values, and nothing for no-ops', () => {
    const tenant = create();
    tenant.rename('Acme');
    tenant.changeDomain(null);
    tenant.changeSettings({});
    expect(tenant.uncommittedEvents).toHaveLength(1);
    tenant.rename('Acme Inc.');
    tenant.changeDomain('acme.io');
    tenant.changeSettings({ selfSignup: true });
    const [, renamed, domain, settings] = tenant.uncommittedEvents;
    expect(renamed).toMatchObject({
      type: 'identity.tenant.renamed.v1',
      payload: { name: 'Acme Inc.' },
      previous: { name: 'Acme' },
    });
    expect(domain).toMatchObject({
      type: 'identity.tenant.domain-changed.v1',
      payload: { domain: 'acme.io' },
      previous: { domain: null },
    });
    expect(settings).toMatchObject({
      type: 'identity.tenant.settings-changed.v1',
      payload: { settings: { selfSignup: true } },
      previous: { settings: { selfSignup: false } },
    });
  });

  it('deactivates and reactivates once each, and admits nobody while deactivated', () => {
    const tenant = create();
    tenant.deactivate();
    tenant.deactivate();
    expect(tenant.isActive).toBe(false);
    expect(
      codeOf(() =>
        tenant.admitMember({ membershipId: 'm1', userId: 'u1', role: 'member', expiresAt: null }),
      ),
    ).toBe('IDENTITY.TENANT_INACTIVE');
    tenant.reactivate();
    tenant.reactivate();
    expect(tenant.uncommittedEvents.map((e) => e.type)).toEqual([
      'identity.tenant.created.v1',
      'identity.tenant.deactivated.v1',
      'identity.tenant.reactivated.v1',
    ]);
    const membership = tenant.admitMember({
      membershipId: 'm1',
      userId: 'u1',
      role: 'member',
      expiresAt: null,
    });
    expect(membership.snapshot).toMatchObject({
      tenantId: ID,
      userId: 'u1',
      role: 'member',
      isDefault: false,
    });
  });
});
