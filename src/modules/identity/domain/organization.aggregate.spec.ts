import { DomainError } from '@opsledger/ddd';
import { Organization } from './organization.aggregate';

const create = () =>
  Organization.create({
    id: 'o1',
    tenantId: 't1',
    name: 'North',
    slug: 'north',
    description: '  ',
  });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return undefined;
};

describe('Organization', () => {
  it('is created active in its tenant with a blank description stored as none', () => {
    const o = create();
    expect(o.snapshot).toMatchObject({
      tenantId: 't1',
      name: 'North',
      slug: 'north',
      description: null,
      isActive: true,
      members: [],
    });
    expect(o.uncommittedEvents.map((e) => e.type)).toEqual(['identity.organization.created.v1']);
  });

  it('refuses a bad slug and an over-long description', () => {
    expect(
      codeOf(() =>
        Organization.create({ id: 'o', tenantId: 't', name: 'N', slug: 'North Region' }),
      ),
    ).toBe('IDENTITY.INVALID_ORGANIZATION_SLUG');
    expect(
      codeOf(() =>
        Organization.create({
          id: 'o',
          tenantId: 't',
          name: 'N',
          slug: 'n',
          description: 'x'.repeat(2001),
        }),
      ),
    ).toBe('IDENTITY.INVALID_ORGANIZATION_DESCRIPTION');
  });

  it('admits only members of its tenant, once', () => {
    const o = create();
    expect(() =>
      o.addMember({ memberId: 'x', userId: 'u1', role: 'member', belongsToTenant: false }),
    ).toThrow(
      expect.objectContaining({
        code: 'IDENTITY.NOT_A_TENANT_MEMBER',
        kind: 'validation',
        details: expect.objectContaining({ field: 'userId' }),
      }),
    );
    o.addMember({ memberId: 'x', userId: 'u1', role: 'member', belongsToTenant: true });
    expect(
      codeOf(() =>
        o.addMember({ memberId: 'y', userId: 'u1', role: 'admin', belongsToTenant: true }),
      ),
    ).toBe('IDENTITY.ALREADY_AN_ORGANIZATION_MEMBER');
    expect(o.hasMember('u1')).toBe(true);
  });

  it('removes a member (marking a stored row for deletion) and 404s an unknown one', () => {
    const o = Organization.rehydrate('o1', 2, {
      tenantId: 't1',
      name: 'North',
      slug: 'north',
      description: null,
      isActive: true,
      createdAt: new Date(),
      members: [{ id: 'r1', userId: 'u1', role: 'member', joinedAt: new Date() }],
    });
    o.removeMember('u1');
    expect(o.hasMember('u1')).toBe(false);
    expect(o.snapshot.members[0].dirty).toBe('removed');
    expect(codeOf(() => o.removeMember('u1'))).toBe('IDENTITY.ORGANIZATION_MEMBER_NOT_FOUND');
    expect(o.uncommittedEvents[0]).toMatchObject({
      type: 'identity.organization.member-removed.v1',
      payload: { userId: 'u1', reason: 'removed' },
    });
  });

  it('is frozen once deactivated, except for removing members', () => {
    const o = create();
    o.addMember({ memberId: 'x', userId: 'u1', role: 'member', belongsToTenant: true });
    o.rename('North Region');
    o.deactivate();
    o.deactivate();
    expect(codeOf(() => o.rename('Other'))).toBe('IDENTITY.ORGANIZATION_INACTIVE');
    expect(
      codeOf(() =>
        o.addMember({ memberId: 'y', userId: 'u2', role: 'member', belongsToTenant: true }),
      ),
    ).toBe('IDENTITY.ORGANIZATION_INACTIVE');
    o.removeMember('u1');
    expect(o.uncommittedEvents.map((e) => e.type)).toEqual([
      'identity.organization.created.v1',
      'identity.organization.member-added.v1',
      'identity.organization.renamed.v1',
      'identity.organization.deactivated.v1',
      'identity.organization.member-removed.v1',
    ]);
    expect(o.uncommittedEvents[2].previous).toEqual({ name: 'North' });
  });
});
