import { InvalidTransitionError } from '@opsledger/ddd';
import { Contractor } from './contractor.aggregate';
import { CONTRACTOR_LIFECYCLE } from './contractor-lifecycle';
import { RejectionReasonsRequiredError } from './onboarding.errors';

const TENANT = '00000000-0000-4000-8000-000000000001';
const USER = '00000000-0000-4000-8000-000000000002';
const REVIEWER = '00000000-0000-4000-8000-000000000003';

const fresh = () => {
  const c = Contractor.register({ id: 'c1', tenantId: TENANT, userId: USER });
  c.markCommitted();
  return c;
};
const eventsOf = (c: Contractor) =>
  c.uncommittedEvents.map((e) => ({ type: e.type, payload: e.payload, previous: e.previous }));

describe('Contractor lifecycle', () => {
  it('registers pending', () => {
    const c = Contractor.register({ id: 'c1', tenantId: TENANT, userId: USER });
    expect(c.status).toBe('pending');
    expect(c.uncommittedEvents[0]?.type).toBe('onboarding.contractor.registered.v1');
  });

  it('pending → in_review → verified, each step an event with old and new status', () => {
    const c = fresh();
    const submittedAt = new Date('2026-12-01T10:00:00Z');
    c.submit(submittedAt);
    c.approve(REVIEWER, new Date('2026-12-02T10:00:00Z'));
    expect(c.status).toBe('verified');
    expect(c.snapshot.verifiedAt?.toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(eventsOf(c)).toEqual([
      {
        type: 'onboarding.contractor.submitted.v1',
        payload: { status: 'in_review', submittedAt: submittedAt.toISOString() },
        previous: { status: 'pending' },
      },
      {
        type: 'onboarding.contractor.approved.v1',
        payload: {
          status: 'verified',
          verifiedAt: '2026-12-02T10:00:00.000Z',
          reviewerId: REVIEWER,
        },
        previous: { status: 'in_review' },
      },
    ]);
  });

  it('in_review → rejected with reasons per item, and a rejected contractor can resubmit', () => {
    const c = fresh();
    c.submit();
    c.reject(REVIEWER, [
      { item: 'insurance', reason: ' Certificate unreadable ' },
      { item: 'license:CA', reason: 'Number not found' },
    ]);
    expect(c.status).toBe('rejected');
    const rejected = c.uncommittedEvents[1];
    expect(rejected?.payload).toEqual({
      status: 'rejected',
      reviewerId: REVIEWER,
      reasons: [
        { item: 'insurance', reason: 'Certificate unreadable' },
        { item: 'license:CA', reason: 'Number not found' },
      ],
    });
    expect(rejected?.previous).toEqual({ status: 'in_review' });
    c.submit();
    expect(c.status).toBe('in_review');
    expect(c.uncommittedEvents[2]?.previous).toEqual({ status: 'rejected' });
  });

  it('a rejection without reasons is refused and changes nothing', () => {
    const c = fresh();
    c.submit();
    expect(() => c.reject(REVIEWER, [])).toThrow(RejectionReasonsRequiredError);
    expect(c.status).toBe('in_review');
    expect(c.uncommittedEvents).toHaveLength(1);
  });

  it('a lapse reopens a verified contractor and nothing else', () => {
    const c = fresh();
    expect(c.reopenForLapse([{ kind: 'license', id: 'l1' }])).toBe(false);
    c.submit();
    c.approve(REVIEWER);
    expect(c.reopenForLapse([{ kind: 'license', id: 'l1' }])).toBe(true);
    expect(c.status).toBe('in_review');
    expect(c.uncommittedEvents[2]?.payload).toEqual({
      status: 'in_review',
      lapsedItems: [{ kind: 'license', id: 'l1' }],
    });
  });

  it.each([
    ['pending', 'approve'],
    ['pending', 'reject'],
    ['in_review', 'submit'],
    ['verified', 'submit'],
    ['verified', 'reject'],
    ['rejected', 'approve'],
  ] as const)('refuses %s → %s with the allowed actions', (from, action) => {
    const c = fresh();
    if (from !== 'pending') c.submit();
    if (from === 'verified') c.approve(REVIEWER);
    if (from === 'rejected') c.reject(REVIEWER, [{ item: 'profile', reason: 'x' }]);
    const before = c.uncommittedEvents.length;
    const act = () =>
      action === 'submit'
        ? c.submit()
        : action === 'approve'
          ? c.approve(REVIEWER)
          : c.reject(REVIEWER, [{ item: 'profile', reason: 'x' }]);
    expect(act).toThrow(InvalidTransitionError);
    expect(c.status).toBe(from);
    expect(c.uncommittedEvents).toHaveLength(before);
  });

  it('the lifecycle has exactly the documented edges', () => {
    expect(CONTRACTOR_LIFECYCLE.edges()).toEqual([
      { from: 'pending', action: 'submit', to: 'in_review' },
      { from: 'in_review', action: 'approve', to: 'verified' },
      { from: 'in_review', action: 'reject', to: 'rejected' },
      { from: 'verified', action: 'reopen', to: 'in_review' },
      { from: 'rejected', action: 'submit', to: 'in_review' },
    ]);
  });
});
