import { AppConfig } from '../../../../config/app-config';
import { BillingJobsScheduler } from './billing-jobs.scheduler';
import { ContractExpiryJob } from './contract-expiry.job';
import { InvoiceOverdueJob } from './invoice-overdue.job';

describe('BillingJobsScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const scheduler = (env: Partial<AppConfig>) => {
    const ran: string[] = [];
    const overdue = { run: () => (ran.push('overdue'), Promise.resolve([])) };
    const expiry = { run: () => (ran.push('expiry'), Promise.resolve([])) };
    const s = new BillingJobsScheduler(
      { NODE_ENV: 'production', FIELD_SERVICE_JOBS_INTERVAL_MINUTES: 5, ...env } as AppConfig,
      overdue as unknown as InvoiceOverdueJob,
      expiry as unknown as ContractExpiryJob,
    );
    return { s, ran };
  };

  it('runs both sweeps every FIELD_SERVICE_JOBS_INTERVAL_MINUTES', async () => {
    const { s, ran } = scheduler({ FIELD_SERVICE_JOBS_INTERVAL_MINUTES: 2 });
    s.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(119_999);
    expect(ran).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(ran).toEqual(['overdue', 'expiry']);
    await jest.advanceTimersByTimeAsync(120_000);
    expect(ran).toHaveLength(4);
    await s.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(ran).toHaveLength(4);
  });

  it('does not run under NODE_ENV=test', async () => {
    const { s, ran } = scheduler({ NODE_ENV: 'test', FIELD_SERVICE_JOBS_INTERVAL_MINUTES: 1 });
    s.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(ran).toEqual([]);
  });
});
