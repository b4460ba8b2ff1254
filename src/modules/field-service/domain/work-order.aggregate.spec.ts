import { DomainError } from '@opsledger/ddd';
import { OpenWorkOrderProps, WorkOrder, WorkOrderState } from './work-order.aggregate';
import { LaborHours } from './work-order-labor-hours';
import { WorkOrderStatus } from './work-order-lifecycle';
import { toInstant, toSchedule } from './work-order-schedule';

const NOW = new Date('2030-01-01T08:00:00Z');
const open = (props: Partial<OpenWorkOrderProps> = {}) =>
  WorkOrder.open(
    {
      id: 'w1',
      tenantId: 't1',
      title: 'Boiler service',
      customerId: 'c1',
      customerAcceptsOrders: true,
      via: 'dispatch',
      ...props,
    },
    NOW,
  );
const stored = (status: WorkOrderStatus, changes: Partial<WorkOrderState> = {}) =>
  WorkOrder.rehydrate('w1', 3, {
    tenantId: 't1',
    title: 'Boiler service',
    description: null,
    status,
    priority: 'normal',
    customerId: 'c1',
    assignedTechnicianId: status === 'pending' ? null : 'tech-1',
    scheduledStart: new Date('2030-01-02T09:00:00Z'),
    scheduledEnd: new Date('2030-01-02T11:00:00Z'),
    completedAt: null,
    laborHours: null,
    isActive: true,
    createdAt: NOW,
    everAssigned: status !== 'pending',
    hasParts: false,
    ...changes,
  });
const errorOf = (fn: () => unknown): DomainError | undefined => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  return undefined;
};

describe('WorkOrder', () => {
  it('opens pending with normal priority and a versioned event', () => {
    const order = open({
      description: '  rattles  ',
      scheduledStart: '2030-01-02T09:00:00+01:00',
      scheduledEnd: '2030-01-02T10:00:00+01:00',
    });
    expect(order.snapshot).toMatchObject({
      status: 'pending',
      priority: 'normal',
      description: 'rattles',
      isActive: true,
    });
    expect(order.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.work-order.opened.v1',
      payload: {
        status: 'pending',
        customerId: 'c1',
        scheduledStart: '2030-01-02T08:00:00.000Z',
        scheduledEnd: '2030-01-02T09:00:00.000Z',
        via: 'dispatch',
      },
    });
    expect(order.allowedActions).toEqual(['assign', 'reschedule', 'cancel']);
  });

  it('refuses a customer that takes no orders, naming customerId (422)', () => {
    expect(errorOf(() => open({ customerAcceptsOrders: false }))).toMatchObject({
      code: 'WORK_ORDER.CUSTOMER_UNAVAILABLE',
      kind: 'validation',
      details: { field: 'customerId' },
    });
  });

  it.each([
    [{ title: '   ' }, 'title', 400],
    [{ title: 'x'.repeat(256) }, 'title', 400],
    [{ description: 'x'.repeat(10_001) }, 'description', 400],
    [{ priority: 'asap' as never }, 'priority', 400],
    [
      { scheduledStart: '2030-01-02T10:00:00Z', scheduledEnd: '2030-01-02T10:00:00Z' },
      'scheduledEnd',
      422,
    ],
    [
      { scheduledStart: '2030-01-02T10:00:00Z', scheduledEnd: '2030-01-02T09:00:00Z' },
      'scheduledEnd',
      422,
    ],
    [{ scheduledStart: '2030-01-02T10:00:00Z' }, 'scheduledEnd', 422],
    [{ scheduledEnd: '2030-01-02T10:00:00Z' }, 'scheduledStart', 422],
    [
      { scheduledStart: '2030-02-30T10:00:00Z', scheduledEnd: '2030-03-02T10:00:00Z' },
      'scheduledStart',
      400,
    ],
    [{ scheduledStart: 'tomorrow', scheduledEnd: '2030-03-02T10:00:00Z' }, 'scheduledStart', 400],
  ])('refuses %p naming %s (%d)', (props, field, status) => {
    const kind = status === 400 ? 'invalid_input' : 'validation';
    expect(errorOf(() => open(props))).toMatchObject({ kind, details: { field } });
  });

  it('parses instants strictly: offsets honoured, calendar nonsense refused', () => {
    expect(toInstant('2030-01-31T23:30:00-02:00', 'x').toISOString()).toBe(
      '2030-02-01T01:30:00.000Z',
    );
    expect(toInstant('2028-02-29T00:00Z', 'x').toISOString()).toBe('2028-02-29T00:00:00.000Z');
    for (const bad of [
      '2029-02-29T00:00:00Z',
      '2030-13-01T00:00:00Z',
      '2030-01-01T24:00:00Z',
      '2030-01-01T10:00:00',
      '2030-01-01',
    ]) {
      expect(() => toInstant(bad, 'x')).toThrow(DomainError);
    }
    expect(toSchedule(undefined, null)).toBeNull();
  });

  it('assigns a technician with the old values as previous, keeping the schedule when none is given', () => {
    const order = stored('pending', { scheduledStart: null, scheduledEnd: null });
    expect(
      errorOf(() => order.assignTechnician({ technicianId: 'tech-1', technicianAssignable: true })),
    ).toMatchObject({
      code: 'WORK_ORDER.SCHEDULE_REQUIRED',
      details: { field: 'scheduledStart' },
    });
    expect(
      errorOf(() =>
        order.assignTechnician({ technicianId: 'tech-1', technicianAssignable: false }),
      ),
    ).toMatchObject({
      code: 'WORK_ORDER.TECHNICIAN_NOT_ASSIGNABLE',
      kind: 'validation',
      details: { field: 'assignedTechnicianId' },
    });
    expect(order.uncommittedEvents).toHaveLength(0);
    order.assignTechnician({
      technicianId: 'tech-1',
      technicianAssignable: true,
      scheduledStart: '2030-01-05T09:00:00Z',
      scheduledEnd: '2030-01-05T12:00:00Z',
    });
    expect(order.snapshot).toMatchObject({
      status: 'assigned',
      assignedTechnicianId: 'tech-1',
      everAssigned: true,
    });
    expect(order.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.work-order.technician-assigned.v1',
      payload: {
        status: 'assigned',
        assignedTechnicianId: 'tech-1',
        scheduledStart: '2030-01-05T09:00:00.000Z',
        scheduledEnd: '2030-01-05T12:00:00.000Z',
      },
      previous: {
        status: 'pending',
        assignedTechnicianId: null,
        scheduledStart: null,
        scheduledEnd: null,
      },
    });
    const kept = stored('pending');
    kept.assignTechnician({ technicianId: 'tech-9', technicianAssignable: true });
    expect(kept.snapshot.scheduledStart).toEqual(new Date('2030-01-02T09:00:00Z'));
  });

  it('completes with exact labour hours and the completion time', () => {
    const order = stored('in_progress');
    expect(errorOf(() => order.complete('1.234', NOW))?.details).toMatchObject({
      field: 'laborHours',
    });
    order.complete('2.5', NOW);
    expect(order.snapshot.laborHours?.toString()).toBe('2.50');
    expect(order.snapshot.completedAt).toBe(NOW);
    expect(order.uncommittedEvents[0]).toMatchObject({
      payload: { status: 'completed', completedAt: NOW.toISOString(), laborHours: '2.50' },
      previous: { status: 'in_progress', completedAt: null, laborHours: null },
    });
  });

  it('unassigning keeps the schedule and records the technician it took off', () => {
    const order = stored('assigned');
    order.unassignTechnician();
    expect(order.snapshot).toMatchObject({ status: 'pending', assignedTechnicianId: null });
    expect(order.snapshot.scheduledStart).not.toBeNull();
    expect(order.uncommittedEvents[0].previous).toEqual({
      status: 'assigned',
      assignedTechnicianId: 'tech-1',
    });
  });

  it('rescheduling to the same window records nothing; an impossible window is refused', () => {
    const order = stored('assigned');
    order.reschedule('2030-01-02T09:00:00Z', '2030-01-02T11:00:00Z');
    expect(order.uncommittedEvents).toHaveLength(0);
    expect(
      errorOf(() => order.reschedule('2030-01-02T11:00:00Z', '2030-01-02T09:00:00Z'))?.details,
    ).toMatchObject({ field: 'scheduledEnd' });
  });

  it('changes details with previous values until closed; no-op changes record nothing', () => {
    const order = stored('assigned');
    order.changeDetails({ title: 'Boiler service', priority: 'normal' });
    expect(order.uncommittedEvents).toHaveLength(0);
    order.changeDetails({ title: 'Boiler repair', priority: 'urgent', description: 'leaks' });
    expect(order.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.work-order.details-changed.v1',
      payload: { title: 'Boiler repair', priority: 'urgent', description: 'leaks' },
      previous: { title: 'Boiler service', priority: 'normal', description: null },
    });
    for (const status of ['completed', 'cancelled'] as const) {
      expect(errorOf(() => stored(status).changeDetails({ title: 'Late' }))?.code).toBe(
        'WORK_ORDER.CLOSED',
      );
    }
  });

  it('a deactivated order takes no action until reactivated; toggling twice records once', () => {
    const order = stored('assigned');
    order.deactivate();
    order.deactivate();
    expect(order.uncommittedEvents).toHaveLength(1);
    expect(order.uncommittedEvents[0]).toMatchObject({
      payload: { isActive: false },
      previous: { isActive: true },
    });
    expect(errorOf(() => order.start())?.code).toBe('WORK_ORDER.INACTIVE');
    expect(errorOf(() => order.changeDetails({ title: 'x' }))?.code).toBe('WORK_ORDER.INACTIVE');
    // the lifecycle still answers first: an illegal action is a 409 listing the legal ones
    expect(errorOf(() => order.complete('1'))?.code).toBe('WORK_ORDER.INVALID_TRANSITION');
    order.reactivate();
    order.start();
    expect(order.snapshot.status).toBe('in_progress');
  });

  it('deletes only drafts: pending, never assigned, no parts', () => {
    const draft = stored('pending');
    draft.delete();
    expect(draft.isRemoved).toBe(true);
    expect(draft.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.work-order.deleted.v1',
      previous: { title: 'Boiler service', deleted: false },
    });
    expect(errorOf(() => stored('pending', { everAssigned: true }).delete())?.code).toBe(
      'WORK_ORDER.NOT_A_DRAFT',
    );
    expect(errorOf(() => stored('pending', { hasParts: true }).delete())?.code).toBe(
      'WORK_ORDER.NOT_A_DRAFT',
    );
    for (const status of [
      'assigned',
      'in_progress',
      'on_hold',
      'completed',
      'cancelled',
    ] as const) {
      expect(errorOf(() => stored(status).delete())?.kind).toBe('conflict');
    }
  });

  it('keeps hours as exact values on rehydration', () => {
    expect(
      stored('completed', { laborHours: LaborHours.parse('3.25') }).snapshot.laborHours?.toString(),
    ).toBe('3.25');
  });
});
