import { DomainError } from '@opsledger/ddd';
import { UserPlan } from './user-plan.aggregate';

const start = new Date('2030-01-01T00:00:00Z');
const end = new Date('2030-02-01T00:00:00Z');

function assigned() {
  const plan = UserPlan.assign({
    id: 'p-1',
    userId: 'u-1',
    planName: 'pro',
    status: 'active',
    currentPeriodStart: start,
    currentPeriodEnd: end,
  });
  plan.markCommitted();
  return plan;
}

describe('UserPlan', () => {
  it('records the assigned terms with ISO dates', () => {
    const plan = UserPlan.assign({
      id: 'p-1',
      userId: 'u-1',
      planName: 'pro',
      status: 'trialing',
      currentPeriodStart: start,
      currentPeriodEnd: end,
    });
    expect(plan.uncommittedEvents[0].type).toBe('accounts.user-plan.assigned.v1');
    expect(plan.uncommittedEvents[0].payload).toEqual({
      userId: 'u-1',
      planName: 'pro',
      status: 'trialing',
      currentPeriodStart: start.toISOString(),
      currentPeriodEnd: end.toISOString(),
    });
  });

  it.each([
    ['before', new Date('2029-12-31T00:00:00Z')],
    ['equal to', start],
  ])('refuses a period whose end is %s its start, naming currentPeriodEnd', (_name, badEnd) => {
    const attempt = () =>
      UserPlan.assign({
        id: 'p',
        userId: 'u',
        planName: 'free',
        status: 'active',
        currentPeriodStart: start,
        currentPeriodEnd: badEnd,
      });
    expect(attempt).toThrow(DomainError);
    try {
      attempt();
    } catch (e) {
      expect(e).toMatchObject({ kind: 'validation', details: { field: 'currentPeriodEnd' } });
    }
  });

  it('checks the period once merged with the stored terms', () => {
    const plan = assigned();
    expect(() => plan.changeTerms({ currentPeriodEnd: new Date('2029-06-01T00:00:00Z') })).toThrow(
      DomainError,
    );
    expect(plan.uncommittedEvents).toHaveLength(0);
    expect(plan.snapshot.currentPeriodEnd).toEqual(end);
  });

  it('records only the changed terms with their previous values', () => {
    const plan = assigned();
    const newEnd = new Date('2030-03-01T00:00:00Z');
    plan.changeTerms({ planName: 'enterprise', status: 'active', currentPeriodEnd: newEnd });
    const event = plan.uncommittedEvents[0];
    expect(event.type).toBe('accounts.user-plan.changed.v1');
    expect(event.payload).toEqual({
      userId: 'u-1',
      planName: 'enterprise',
      currentPeriodEnd: newEnd.toISOString(),
    });
    expect(event.previous).toEqual({ planName: 'pro', currentPeriodEnd: end.toISOString() });
  });

  it('clears a period bound with null and records nothing when nothing changes', () => {
    const plan = assigned();
    plan.changeTerms({ planName: 'pro', currentPeriodStart: start });
    expect(plan.uncommittedEvents).toHaveLength(0);
    plan.changeTerms({ currentPeriodStart: null });
    expect(plan.snapshot.currentPeriodStart).toBeNull();
    expect(plan.uncommittedEvents[0].previous).toEqual({ currentPeriodStart: start.toISOString() });
  });
});
