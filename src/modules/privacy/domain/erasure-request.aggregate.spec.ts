import { ErasureRequest } from './erasure-request.aggregate';
import { ErasureNotCancellableError } from './erasure.errors';

const NOW = new Date('2030-01-01T00:00:00Z');
const plan = {
  subjects: [{ subjectId: 'u1', kind: 'person' as const }],
  targets: {},
  participants: ['identity', 'ledger'],
};
const request = (via: 'admin' | 'self' = 'self') =>
  ErasureRequest.request({
    id: 'r1',
    userId: 'u1',
    via,
    requestedBy: 'u1',
    gracePeriodMs: 3_600_000,
    now: NOW,
  });

describe('ErasureRequest', () => {
  it('waits out its grace period and can be cancelled during it only', () => {
    const r = request();
    expect(r.snapshot.notBefore).toEqual(new Date('2030-01-01T01:00:00Z'));
    r.cancel('u1', NOW);
    expect(r.status).toBe('cancelled');
    expect(() => r.cancel('u1')).toThrow(ErasureNotCancellableError);
    const started = request();
    started.start(plan, NOW);
    expect(() => started.cancel('u1')).toThrow(ErasureNotCancellableError);
    expect(() => started.start(plan)).not.toThrow();
    expect(started.uncommittedEvents.map((e) => e.type)).toEqual([
      'privacy.erasure-request.requested.v1',
      'privacy.erasure-request.started.v1',
    ]);
  });

  it('records each step once and completes only when every participant is done', () => {
    const r = request('admin');
    r.start(plan, NOW);
    expect(r.pendingParticipants).toEqual(['identity', 'ledger']);
    const receipt = { store: 'postgresql', location: 'users', action: 'deleted', count: 1 };
    r.completeStep('identity', [receipt], NOW);
    r.completeStep('identity', [{ ...receipt, count: 0 }], NOW);
    expect(r.snapshot.steps).toHaveLength(1);
    expect(() => r.complete(r.certificate('http://issuer', NOW), 'sig')).toThrow(/ledger/);
    r.completeStep(
      'ledger',
      [{ store: 'ledger', location: 'personal_data_keys', action: 'shredded', count: 1 }],
      NOW,
    );
    const certificate = r.certificate('http://issuer', NOW);
    expect(certificate).toEqual({
      type: 'opsledger.erasure-certificate.v1',
      requestId: 'r1',
      subject: 'u1',
      via: 'admin',
      requestedBy: 'u1',
      requestedAt: NOW.toISOString(),
      completedAt: NOW.toISOString(),
      stores: [
        { participant: 'identity', ...receipt },
        {
          participant: 'ledger',
          store: 'ledger',
          location: 'personal_data_keys',
          action: 'shredded',
          count: 1,
        },
      ],
      shreddedSubjects: 1,
      issuer: 'http://issuer',
    });
    r.complete(certificate, 'sig');
    expect(r.status).toBe('completed');
    expect(() => r.completeStep('other', [])).toThrow();
  });

  it('fails after its last attempt, from where it was', () => {
    const r = request('admin');
    r.start(plan, NOW);
    r.fail(8, 'boom');
    expect(r.status).toBe('failed');
    expect(r.uncommittedEvents.at(-1)).toMatchObject({
      payload: { status: 'failed', attempts: 8, error: 'boom' },
      previous: { status: 'running' },
    });
  });
});
