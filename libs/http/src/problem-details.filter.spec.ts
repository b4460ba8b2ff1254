import { DomainError, DomainErrorKind } from '@opsledger/ddd';
import { problemOf } from './problem-details.filter';

describe('problemOf', () => {
  it.each<[DomainErrorKind, number]>([
    ['invalid_input', 400],
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['invalid_transition', 409],
    ['gone', 410],
    ['precondition_failed', 412],
    ['too_large', 413],
    ['unsupported_media_type', 415],
    ['range_not_satisfiable', 416],
    ['unavailable', 503],
    ['validation', 422],
    ['rate_limited', 429],
  ])('answers a %s error with %d', (kind, status) => {
    const { problem } = problemOf(new DomainError('THING.REFUSED', kind, 'no'));
    expect(problem).toMatchObject({ status, code: 'THING.REFUSED', detail: 'no' });
  });

  it('reads the status from the kind only, whatever the details carry', () => {
    const { problem } = problemOf(
      new DomainError('THING.INVALID', 'invalid_input', 'bad', { field: 'name', status: 422 }),
    );
    expect(problem.status).toBe(400);
    expect(problem.title).toBe('Bad request');
    expect(problem.errors).toEqual([{ field: 'name', message: 'bad' }]);
  });

  it('names every field of a rule about several fields', () => {
    const errors = [
      { field: 'taxId', message: 'taxId is required' },
      { field: 'city', message: 'city is required' },
    ];
    const { problem } = problemOf(
      new DomainError('STEP.INVALID', 'validation', 'incomplete', { errors }),
    );
    expect(problem.status).toBe(422);
    expect(problem.errors).toEqual(errors);
  });
});
