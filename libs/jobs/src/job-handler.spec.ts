import { retryDelayMs } from './job-handler';
import { defineJobTable, PLATFORM_JOBS } from './job-table';

describe('retryDelayMs', () => {
  const backoff = { baseMs: 1000, maxMs: 60_000 };

  it('doubles with each attempt, between half and all of the exponential delay', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, backoff, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, backoff, () => 1))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  it('never waits longer than maxMs', () => {
    expect(retryDelayMs(30, backoff, () => 1)).toBe(60_000);
    expect(retryDelayMs(30, backoff, () => 0)).toBe(30_000);
  });
});

describe('defineJobTable', () => {
  it('maps a context’s column names onto the mechanics, keeping the rest', () => {
    const table = defineJobTable(
      'ai_jobs',
      { type: 'job_type', payload: 'input_data' },
      'job_status',
    );
    expect(table.columns).toMatchObject({
      type: 'job_type',
      payload: 'input_data',
      status: 'status',
      lockedBy: 'locked_by',
    });
    expect(table.statusType).toBe('job_status');
    expect(PLATFORM_JOBS.columns.ownerId).toBe('owner_user_id');
  });

  it('refuses any name that is not a plain identifier, since names are written into SQL', () => {
    expect(() => defineJobTable('jobs; DROP TABLE users')).toThrow('not a plain SQL identifier');
    expect(() => defineJobTable('ai_jobs', { payload: 'input_data"' })).toThrow(
      'not a plain SQL identifier',
    );
    expect(() => defineJobTable('ai_jobs', {}, 'job_status CASCADE')).toThrow(
      'not a plain SQL identifier',
    );
  });
});
