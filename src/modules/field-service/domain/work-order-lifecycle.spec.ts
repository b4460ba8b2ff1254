import { DomainError, InvalidTransitionError, StateMachine } from '@opsledger/ddd';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOMER_ACTIONS, CUSTOMER_LIFECYCLE, CUSTOMER_STATUSES } from './customer-lifecycle';
import {
  TECHNICIAN_ACTIONS,
  TECHNICIAN_LIFECYCLE,
  TECHNICIAN_STATUSES,
} from './technician-lifecycle';
import { WorkOrder, WorkOrderState } from './work-order.aggregate';
import {
  WORK_ORDER_ACTIONS,
  WORK_ORDER_LIFECYCLE,
  WORK_ORDER_STATUSES,
  WorkOrderAction,
  WorkOrderStatus,
} from './work-order-lifecycle';

const DOC = readFileSync(join(__dirname, '../../../../docs/field-service.md'), 'utf8');

/** The rows of the table between `<!-- name:start -->` and `<!-- name:end -->`. */
function documentedEdges(name: string): Array<{ from: string; action: string; to: string }> {
  const match = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(DOC);
  if (!match) throw new Error(`docs/field-service.md has no ${name} table`);
  return match[1]
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) => line.startsWith('|') && !line.startsWith('|---') && !/^\|\s*From\s*\|/.test(line),
    )
    .map((line) => {
      const [from, action, to] = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      return { from, action, to };
    });
}

const machines: Array<
  [string, StateMachine<string, string>, readonly string[], readonly string[]]
> = [
  ['work-order-transitions', WORK_ORDER_LIFECYCLE, WORK_ORDER_STATUSES, WORK_ORDER_ACTIONS],
  ['customer-transitions', CUSTOMER_LIFECYCLE, CUSTOMER_STATUSES, CUSTOMER_ACTIONS],
  ['technician-transitions', TECHNICIAN_LIFECYCLE, TECHNICIAN_STATUSES, TECHNICIAN_ACTIONS],
];

describe.each(machines)('%s', (table, machine, statuses, actions) => {
  it('is exactly the table in docs/field-service.md', () => {
    expect(documentedEdges(table)).toEqual(machine.edges());
  });

  it('uses every status and every action', () => {
    const edges = machine.edges();
    expect(new Set(edges.flatMap((e) => [e.from, e.to]))).toEqual(new Set(statuses));
    expect(new Set(edges.map((e) => e.action))).toEqual(new Set(actions));
  });

  const allowed = machine.edges().map((e) => [e.from, e.action, e.to] as const);
  it.each(allowed)('allows %s --%s--> %s', (from, action, to) => {
    expect(machine.can(from, action)).toBe(true);
    expect(machine.next(from, action)).toBe(to);
  });

  const refused = statuses.flatMap((from) =>
    actions.filter((action) => !machine.can(from, action)).map((action) => [from, action] as const),
  );
  it.each(refused)('refuses %s --%s--> with the allowed transitions', (from, action) => {
    let error: unknown;
    try {
      machine.next(from, action);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as DomainError).kind).toBe('invalid_transition');
    expect((error as DomainError).details).toEqual({
      from,
      action,
      allowedTransitions: machine.allowedActions(from),
    });
  });
});

describe('WorkOrder lifecycle through the aggregate', () => {
  const NOW = new Date('2030-01-01T00:00:00Z');
  const stored = (status: WorkOrderStatus): WorkOrder => {
    const booked = status !== 'pending' && status !== 'cancelled';
    const state: WorkOrderState = {
      tenantId: 't1',
      title: 'Boiler service',
      description: null,
      status,
      priority: 'normal',
      customerId: 'c1',
      assignedTechnicianId: booked ? 'tech-1' : null,
      scheduledStart: new Date('2030-01-02T09:00:00Z'),
      scheduledEnd: new Date('2030-01-02T11:00:00Z'),
      completedAt: status === 'completed' ? NOW : null,
      laborHours: null,
      laborRate: null,
      isActive: true,
      createdAt: NOW,
      everAssigned: booked,
      hasParts: false,
    };
    return WorkOrder.rehydrate('w1', 4, state);
  };
  const act: Record<WorkOrderAction, (order: WorkOrder) => void> = {
    assign: (o) => o.assignTechnician({ technicianId: 'tech-2', technicianAssignable: true }),
    unassign: (o) => o.unassignTechnician(),
    reschedule: (o) => o.reschedule('2030-01-03T09:00:00Z', '2030-01-03T10:30:00Z'),
    start: (o) => o.start(),
    pause: (o) => o.pause(),
    resume: (o) => o.resume(),
    complete: (o) => o.complete('1.75', null, NOW),
    cancel: (o) => o.cancel(),
  };

  it.each(WORK_ORDER_LIFECYCLE.edges().map((e) => [e.from, e.action, e.to] as const))(
    '%s --%s--> %s records one event with the old status',
    (from, action, to) => {
      const order = stored(from);
      act[action](order);
      expect(order.snapshot.status).toBe(to);
      expect(order.uncommittedEvents).toHaveLength(1);
      const event = order.uncommittedEvents[0];
      expect(event.type).toMatch(/^field-service\.work-order\.[a-z-]+\.v1$/);
      if (from !== to) expect(event.previous).toMatchObject({ status: from });
    },
  );

  const refused = WORK_ORDER_STATUSES.flatMap((from) =>
    WORK_ORDER_ACTIONS.filter((action) => !WORK_ORDER_LIFECYCLE.can(from, action)).map(
      (action) => [from, action] as const,
    ),
  );
  it.each(refused)(
    '%s refuses %s with WORK_ORDER.INVALID_TRANSITION and records nothing',
    (from, action) => {
      const order = stored(from);
      expect(() => act[action](order)).toThrow(
        expect.objectContaining({
          code: 'WORK_ORDER.INVALID_TRANSITION',
          details: expect.objectContaining({
            allowedTransitions: WORK_ORDER_LIFECYCLE.allowedActions(from),
          }),
        }),
      );
      expect(order.snapshot.status).toBe(from);
      expect(order.uncommittedEvents).toHaveLength(0);
    },
  );
});
