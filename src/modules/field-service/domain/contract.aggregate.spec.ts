import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError, Money } from '@opsledger/ddd';
import {
  CONTRACT_ACTIONS,
  CONTRACT_LIFECYCLE,
  CONTRACT_STATUSES,
  Contract,
  ContractAction,
  ContractStatus,
} from './contract.aggregate';

const ID = '5e2f4a10-7b3c-4d2e-8f10-000000000001';
const TENANT = '5e2f4a10-7b3c-4d2e-8f10-0000000000aa';
const CUSTOMER = '5e2f4a10-7b3c-4d2e-8f10-0000000000cc';
const TODAY = '2026-03-15';

const create = (over: Partial<Parameters<typeof Contract.create>[0]> = {}) =>
  Contract.create({
    id: ID,
    tenantId: TENANT,
    contractNumber: 'CON-2026-001',
    customerId: CUSTOMER,
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    value: '1200.00',
    billingCycle: 'monthly',
    ...over,
  });

/** endDate before TODAY, so `expire` is due; `activate` is checked against an end date still ahead. */
const inState = (status: ContractStatus, endDate = '2026-03-14', isActive = true) =>
  Contract.rehydrate(ID, 2, {
    tenantId: TENANT,
    contractNumber: 'CON-2026-001',
    customerId: CUSTOMER,
    startDate: '2025-03-15',
    endDate,
    terms: null,
    value: Money.parse('1200.00'),
    billingCycle: 'quarterly',
    status,
    isActive,
    createdAt: new Date('2025-03-01T10:00:00Z'),
    deleted: false,
  });

const act = (contract: Contract, action: ContractAction): void => {
  switch (action) {
    case 'activate':
      return contract.activate('2026-03-01');
    case 'expire':
      return contract.expire(TODAY);
    case 'terminate':
      return contract.terminate();
  }
};

const errorOf = (fn: () => unknown): DomainError | undefined => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  return undefined;
};

/** The rows of the table between `<!-- name:start -->` and `<!-- name:end -->` in docs/field-service.md. */
function documentedEdges(name: string): Array<{ from: string; action: string; to: string }> {
  const doc = readFileSync(join(__dirname, '../../../../docs/field-service.md'), 'utf8');
  const match = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(doc);
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

describe('Contract lifecycle', () => {
  const edges = CONTRACT_LIFECYCLE.edges();

  it('is exactly the table in docs/field-service.md', () => {
    expect(documentedEdges('contract-transitions')).toEqual(edges);
  });

  it('has exactly the transitions of issue 4', () => {
    expect(edges.map((e) => `${e.from} -${e.action}-> ${e.to}`).sort()).toEqual(
      [
        'active -expire-> expired',
        'active -terminate-> terminated',
        'draft -activate-> active',
      ].sort(),
    );
  });

  it.each(edges)(
    'allows $from -$action-> $to, recording one event with the previous status',
    ({ from, action, to }) => {
      const contract = inState(from);
      act(contract, action);
      expect(contract.status).toBe(to);
      expect(contract.uncommittedEvents).toHaveLength(1);
      expect(contract.uncommittedEvents[0].payload).toMatchObject({ status: to });
      expect(contract.uncommittedEvents[0].previous).toEqual({ status: from });
    },
  );

  const refused = CONTRACT_STATUSES.flatMap((from) =>
    CONTRACT_ACTIONS.filter((action) => !CONTRACT_LIFECYCLE.can(from, action)).map((action) => ({
      from,
      action,
    })),
  );

  it('refuses every other (status, action) pair', () => {
    expect(refused.length + edges.length).toBe(CONTRACT_STATUSES.length * CONTRACT_ACTIONS.length);
  });

  it.each(refused)(
    'refuses $action from $from with a 409 naming the allowed transitions',
    ({ from, action }) => {
      const contract = inState(from);
      const error = errorOf(() => act(contract, action));
      expect(error?.code).toBe('CONTRACT.INVALID_TRANSITION');
      expect(error?.details?.allowedTransitions).toEqual(CONTRACT_LIFECYCLE.allowedActions(from));
      expect(contract.status).toBe(from);
      expect(contract.uncommittedEvents).toHaveLength(0);
    },
  );

  it('expires only after the end date, which is still covered', () => {
    expect(errorOf(() => inState('active', TODAY).expire(TODAY))?.code).toBe('CONTRACT.NOT_ENDED');
    const contract = inState('active', '2026-03-14');
    contract.expire(TODAY);
    expect(contract.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.contract.expired.v1',
      payload: { status: 'expired', endDate: '2026-03-14', asOf: TODAY },
    });
  });

  it('does not activate a contract whose end date has passed (422 naming endDate)', () => {
    expect(errorOf(() => inState('draft', '2026-03-14').activate(TODAY))).toMatchObject({
      code: 'CONTRACT.ALREADY_ENDED',
      kind: 'validation',
      details: { field: 'endDate' },
    });
    const contract = inState('draft', TODAY);
    contract.activate(TODAY);
    expect(contract.status).toBe('active');
  });

  it('refuses moves and edits while deactivated; (de)activation records once each', () => {
    const contract = inState('active');
    contract.deactivate();
    contract.deactivate();
    expect(errorOf(() => contract.terminate())?.code).toBe('CONTRACT.INACTIVE');
    contract.reactivate();
    contract.reactivate();
    contract.terminate();
    expect(contract.uncommittedEvents.map((e) => e.type)).toEqual([
      'field-service.contract.deactivated.v1',
      'field-service.contract.reactivated.v1',
      'field-service.contract.terminated.v1',
    ]);
  });

  it.each(['active', 'expired', 'terminated'] as const)(
    'refuses to edit or delete a %s contract (409 with allowedTransitions)',
    (status) => {
      expect(errorOf(() => inState(status).revise({ value: '1.00' }))?.details).toMatchObject({
        from: status,
        action: 'edit',
        allowedTransitions: CONTRACT_LIFECYCLE.allowedActions(status),
      });
      expect(errorOf(() => inState(status).delete())?.details).toMatchObject({ action: 'delete' });
    },
  );
});

describe('Contract terms', () => {
  it('is created as a draft with its value as an exact decimal string', () => {
    const contract = create({ value: '0.30', terms: '  Net 30  ' });
    expect(contract.snapshot).toMatchObject({
      status: 'draft',
      terms: 'Net 30',
      isActive: true,
      billingCycle: 'monthly',
    });
    expect(contract.uncommittedEvents[0]).toMatchObject({
      type: 'field-service.contract.created.v1',
      payload: {
        contractNumber: 'CON-2026-001',
        value: '0.30',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        status: 'draft',
      },
    });
  });

  it.each([
    [{ endDate: '2026-01-01' }, 'endDate', 'CONTRACT.END_NOT_AFTER_START'],
    [{ endDate: '2025-12-31' }, 'endDate', 'CONTRACT.END_NOT_AFTER_START'],
    [{ startDate: '2026-13-01' }, 'startDate', 'BILLING.INVALID_DATE'],
    [{ value: '12.345' }, 'value', 'MONEY.INVALID'],
    [{ value: '-5.00' }, 'value', 'BILLING.NEGATIVE_AMOUNT'],
    [{ contractNumber: 'has space' }, 'contractNumber', 'CONTRACT.INVALID_NUMBER'],
    [{ billingCycle: 'weekly' as never }, 'billingCycle', 'CONTRACT.INVALID_BILLING_CYCLE'],
    [{ terms: 'x'.repeat(10001) }, 'terms', 'CONTRACT.INVALID_TERMS'],
  ])('refuses %p naming %s', (over, field, code) => {
    expect(errorOf(() => create(over))).toMatchObject({ code, details: { field } });
  });

  it('revises a draft with previous values; no event for a no-op; dates still ordered', () => {
    const contract = create();
    contract.revise({ value: '1200.00', billingCycle: 'monthly' });
    expect(contract.uncommittedEvents).toHaveLength(1);
    contract.revise({
      value: '1300.50',
      billingCycle: 'annually',
      terms: 'Gold',
      endDate: '2027-01-31',
    });
    expect(contract.uncommittedEvents[1]).toMatchObject({
      type: 'field-service.contract.revised.v1',
      payload: { value: '1300.50', billingCycle: 'annually', terms: 'Gold', endDate: '2027-01-31' },
      previous: { value: '1200.00', billingCycle: 'monthly', terms: null, endDate: '2026-12-31' },
    });
    expect(errorOf(() => contract.revise({ startDate: '2027-02-01' }))?.code).toBe(
      'CONTRACT.END_NOT_AFTER_START',
    );
    expect(contract.snapshot.startDate).toBe('2026-01-01');
  });

  it('deletes only drafts', () => {
    const contract = create();
    contract.delete();
    expect(contract.snapshot.deleted).toBe(true);
    expect(contract.uncommittedEvents.map((e) => e.type)).toEqual([
      'field-service.contract.created.v1',
      'field-service.contract.deleted.v1',
    ]);
  });
});
