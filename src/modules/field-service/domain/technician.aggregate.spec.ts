import { DomainError } from '@opsledger/ddd';
import { Technician } from './technician.aggregate';

const NOW = new Date('2030-01-01T00:00:00Z');
const create = (props: Record<string, unknown> = {}) =>
  Technician.create(
    {
      id: 'tech-1',
      tenantId: 't1',
      licenseNumber: 'HVAC-42',
      firstName: 'Jane',
      lastName: 'Rivera',
      ...props,
    },
    NOW,
  );
const errorOf = (fn: () => unknown): DomainError | undefined => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  return undefined;
};

describe('Technician', () => {
  it('is created active and available with exact money, normalised skills and certifications', () => {
    const technician = create({
      hourlyRate: '85.5',
      skills: [' HVAC ', 'electrical', 'hvac'],
      certifications: [{ name: 'EPA 608', expiresOn: '2031-06-30' }],
      email: 'Jane@Crew.Example',
    });
    expect(technician.snapshot).toMatchObject({
      status: 'active',
      availability: 'available',
      skills: ['hvac', 'electrical'],
      certifications: [{ name: 'EPA 608', issuer: null, expiresOn: '2031-06-30' }],
      email: 'jane@crew.example',
    });
    expect(technician.snapshot.hourlyRate.toString()).toBe('85.50');
    expect(technician.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.technician.created.v1',
      payload: { hourlyRate: '85.50' },
    });
  });

  it.each([
    [{ hourlyRate: '-1.00' }, 'hourlyRate'],
    [{ hourlyRate: '1.234' }, 'hourlyRate'],
    [{ hourlyRate: '100000000.00' }, 'hourlyRate'],
    [{ licenseNumber: 'has space' }, 'licenseNumber'],
    [{ firstName: ' ' }, 'firstName'],
    [{ email: 'nope' }, 'email'],
    [{ skills: 'hvac' }, 'skills'],
    [{ skills: ['hvac', 42] }, 'skills.1'],
    [{ skills: ['x'.repeat(51)] }, 'skills.0'],
    [{ skills: Array.from({ length: 51 }, (_, i) => `s${i}`) }, 'skills'],
    [{ certifications: [{ name: 'EPA', expiresOn: '2031-02-30' }] }, 'certifications.0.expiresOn'],
    [{ certifications: [{ name: 'EPA', level: 3 }] }, 'certifications.0.level'],
    [{ certifications: [{ issuer: 'EPA' }] }, 'certifications.0.name'],
    [{ certifications: {} }, 'certifications'],
  ])('refuses %p naming %s', (props, field) => {
    expect(errorOf(() => create(props))).toMatchObject({
      kind: 'invalid_input',
      details: { field },
    });
  });

  it('changes rate, skills and certifications with the old values as previous', () => {
    const technician = Technician.rehydrate('tech-1', 1, {
      ...create({ hourlyRate: '80.00', skills: ['hvac'] }).snapshot,
    });
    technician.changeDetails({ hourlyRate: '80', skills: ['HVAC'] });
    expect(technician.uncommittedEvents).toHaveLength(0);
    technician.changeDetails({
      hourlyRate: '92.25',
      skills: ['hvac', 'plumbing'],
      certifications: [{ name: 'Gas Safe', issuer: 'HSE' }],
    });
    expect(technician.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.technician.details-changed.v1',
      payload: {
        hourlyRate: '92.25',
        skills: ['hvac', 'plumbing'],
        certifications: [{ name: 'Gas Safe', issuer: 'HSE', expiresOn: null }],
      },
      previous: { hourlyRate: '80.00', skills: ['hvac'], certifications: [] },
    });
  });

  it('sets availability freely, once per change', () => {
    const technician = create();
    technician.setAvailability('available');
    technician.setAvailability('off_duty');
    expect(technician.uncommittedEvents.slice(1)).toEqual([
      expect.objectContaining({
        payload: { availability: 'off_duty' },
        previous: { availability: 'available' },
      }),
    ]);
  });

  it('goes on leave and comes back; deactivated it can only be reactivated', () => {
    const technician = create();
    technician.startLeave();
    expect(technician.snapshot.status).toBe('on_leave');
    expect(errorOf(() => technician.startLeave())?.details).toMatchObject({
      allowedTransitions: ['end-leave', 'deactivate'],
    });
    technician.endLeave();
    technician.deactivate();
    expect(technician.isActive).toBe(false);
    expect(errorOf(() => technician.endLeave())?.code).toBe('TECHNICIAN.INVALID_TRANSITION');
    technician.reactivate();
    expect(technician.snapshot.status).toBe('active');
  });

  it('links a portal user like a customer does, and is deleted only when unused', () => {
    const technician = create();
    expect(
      errorOf(() =>
        technician.linkPortalUser('u1', { isTenantMember: false, linkedElsewhere: false }),
      )?.details,
    ).toMatchObject({
      field: 'userId',
    });
    technician.linkPortalUser('u1', { isTenantMember: true, linkedElsewhere: false });
    expect(technician.snapshot.userId).toBe('u1');
    expect(errorOf(() => technician.delete(true))?.code).toBe('TECHNICIAN.IN_USE');
    technician.delete(false);
    expect(technician.isRemoved).toBe(true);
  });

  it('erases its personal data once and keeps what describes the work', () => {
    const technician = create({
      email: 'jane@crew.example',
      phone: '555',
      hourlyRate: '80',
      skills: ['hvac'],
      certifications: [{ name: 'EPA 608' }],
    });
    technician.markCommitted();
    expect(technician.erasePersonalData()).toBe(true);
    expect(technician.snapshot).toMatchObject({
      licenseNumber: 'erased-tech-1',
      firstName: '(erased)',
      lastName: '(erased)',
      email: null,
      phone: null,
      certifications: [],
      userId: null,
      skills: ['hvac'],
    });
    expect(technician.snapshot.hourlyRate.toString()).toBe('80.00');
    const [event] = technician.uncommittedEvents;
    expect(event.type).toBe('field-service.technician.personal-data-erased.v1');
    expect(event.previous).toMatchObject({ firstName: 'Jane', licenseNumber: 'HVAC-42' });
    technician.markCommitted();
    expect(technician.erasePersonalData()).toBe(false);
  });
});
