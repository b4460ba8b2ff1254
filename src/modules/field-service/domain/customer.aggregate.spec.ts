import { DomainError } from '@opsledger/ddd';
import { Customer } from './customer.aggregate';

const NOW = new Date('2030-01-01T00:00:00Z');
const ADDRESS = {
  street: ' 12 Harbour Road ',
  city: 'Portland',
  postalCode: '97201',
  country: 'us',
};
const create = (props: Record<string, unknown> = {}) =>
  Customer.create({ id: 'c1', tenantId: 't1', email: ' Ops@Acme.Example ', ...props }, NOW);
const errorOf = (fn: () => unknown): DomainError | undefined => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  return undefined;
};

describe('Customer', () => {
  it('is created active with a normalised email and complete address objects', () => {
    const customer = create({ billingAddress: ADDRESS, companyName: '  ' });
    expect(customer.snapshot).toMatchObject({
      email: 'ops@acme.example',
      companyName: null,
      status: 'active',
      billingAddress: {
        street: '12 Harbour Road',
        street2: null,
        city: 'Portland',
        state: null,
        postalCode: '97201',
        country: 'US',
      },
      serviceAddress: null,
    });
    expect(customer.isActive).toBe(true);
    expect(customer.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.customer.created.v1',
      payload: { isActive: true, status: 'active' },
    });
  });

  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ phone: 'x'.repeat(51) }, 'phone'],
    [{ billingAddress: { ...ADDRESS, planet: 'Mars' } }, 'billingAddress.planet'],
    [{ billingAddress: { ...ADDRESS, city: ' ' } }, 'billingAddress.city'],
    [{ serviceAddress: { ...ADDRESS, country: 'USA' } }, 'serviceAddress.country'],
    [{ serviceAddress: { ...ADDRESS, postalCode: 97201 } }, 'serviceAddress.postalCode'],
    [{ serviceAddress: ['12 Harbour Road'] }, 'serviceAddress'],
  ])('refuses %p naming %s', (props, field) => {
    expect(errorOf(() => create(props))).toMatchObject({
      kind: 'invalid_input',
      details: { field },
    });
  });

  it('changes only what differs, with the old values as previous', () => {
    const customer = Customer.rehydrate('c1', 2, {
      ...create({ billingAddress: ADDRESS }).snapshot,
    });
    customer.changeDetails({ email: 'OPS@acme.example', billingAddress: { ...ADDRESS } });
    expect(customer.uncommittedEvents).toHaveLength(0);
    customer.changeDetails({
      phone: '+1 503 555 0100',
      billingAddress: { ...ADDRESS, city: 'Salem' },
      serviceAddress: null,
    });
    expect(customer.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.customer.details-changed.v1',
      payload: { phone: '+1 503 555 0100', billingAddress: { city: 'Salem' } },
      previous: { phone: null, billingAddress: { city: 'Portland' } },
    });
    expect(Object.keys(customer.uncommittedEvents[0].payload)).toEqual(['phone', 'billingAddress']);
  });

  it('links a portal user who is a live member and linked nowhere else', () => {
    const customer = create();
    expect(
      errorOf(() =>
        customer.linkPortalUser('u1', { isTenantMember: false, linkedElsewhere: false }),
      ),
    ).toMatchObject({
      code: 'CUSTOMER.PORTAL_USER_NOT_A_MEMBER',
      kind: 'validation',
      details: { field: 'userId' },
    });
    expect(
      errorOf(() => customer.linkPortalUser('u1', { isTenantMember: true, linkedElsewhere: true }))
        ?.code,
    ).toBe('CUSTOMER.PORTAL_USER_TAKEN');
    customer.linkPortalUser('u1', { isTenantMember: true, linkedElsewhere: false });
    customer.linkPortalUser('u1', { isTenantMember: true, linkedElsewhere: false });
    expect(customer.uncommittedEvents.slice(1)).toHaveLength(1);
    expect(customer.uncommittedEvents[1]).toMatchObject({
      payload: { userId: 'u1' },
      previous: { userId: null },
    });
    customer.unlinkPortalUser();
    expect(customer.uncommittedEvents[2]).toMatchObject({
      payload: { userId: null },
      previous: { userId: 'u1' },
    });
    expect(errorOf(() => customer.unlinkPortalUser())?.code).toBe('CUSTOMER.NO_PORTAL_USER');
  });

  it('moves through its lifecycle; is_active follows the status', () => {
    const customer = create();
    customer.suspend();
    expect(customer.isActive).toBe(true);
    customer.deactivate();
    expect(customer.isActive).toBe(false);
    expect(customer.uncommittedEvents[2]).toMatchObject({
      type: 'field-service.customer.deactivated.v1',
      payload: { status: 'inactive', isActive: false },
      previous: { status: 'suspended', isActive: true },
    });
    expect(errorOf(() => customer.suspend())).toMatchObject({
      code: 'CUSTOMER.INVALID_TRANSITION',
      details: { allowedTransitions: ['reactivate'] },
    });
    customer.reactivate();
    expect(customer.snapshot.status).toBe('active');
  });

  it('is deleted only when nothing refers to it, keeping its values in the event', () => {
    expect(errorOf(() => create().delete(true))?.code).toBe('CUSTOMER.IN_USE');
    const customer = create();
    customer.delete(false);
    expect(customer.isRemoved).toBe(true);
    expect(customer.uncommittedEvents[1]).toMatchObject({
      type: 'field-service.customer.deleted.v1',
      payload: { deleted: true },
      previous: { email: 'ops@acme.example', deleted: false, isActive: true },
    });
  });

  it('erases its personal data once: placeholders, no portal user, the old values in previous', () => {
    const customer = Customer.rehydrate('c1', 3, {
      ...create({ billingAddress: ADDRESS, phone: '+1 555 0100', companyName: 'Acme' }).snapshot,
      userId: 'u1',
    });
    expect(customer.erasePersonalData()).toBe(true);
    expect(customer.snapshot).toMatchObject({
      email: 'erased-c1@erased.invalid',
      phone: null,
      companyName: null,
      billingAddress: null,
      serviceAddress: null,
      userId: null,
      status: 'active',
    });
    const [event] = customer.uncommittedEvents;
    expect(event.type).toBe('field-service.customer.personal-data-erased.v1');
    expect(event.previous).toMatchObject({
      email: 'ops@acme.example',
      phone: '+1 555 0100',
      userId: 'u1',
    });
    customer.markCommitted();
    expect(customer.erasePersonalData()).toBe(false);
    expect(customer.uncommittedEvents).toHaveLength(0);
  });
});
