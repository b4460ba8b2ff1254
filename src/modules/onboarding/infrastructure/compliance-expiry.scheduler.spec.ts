import { AppConfig } from '../../../config/app-config';
import { ComplianceExpiryJob } from '../application/jobs/compliance-expiry.job';
import { ComplianceExpiryScheduler } from './compliance-expiry.scheduler';

describe('ComplianceExpiryScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const scheduler = (env: Partial<AppConfig>) => {
    let runs = 0;
    const job = { run: () => (runs++, Promise.resolve([])) };
    const s = new ComplianceExpiryScheduler(
      { NODE_ENV: 'production', ONBOARDING_EXPIRY_INTERVAL_MINUTES: 1440, ...env } as AppConfig,
      job as unknown as ComplianceExpiryJob,
    );
    return { s, runs: () => runs };
  };

  it('runs the job every ONBOARDING_EXPIRY_INTERVAL_MINUTES until shut down', async () => {
    const { s, runs } = scheduler({ ONBOARDING_EXPIRY_INTERVAL_MINUTES: 3 });
    s.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(179_999);
    expect(runs()).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs()).toBe(1);
    await jest.advanceTimersByTimeAsync(180_000);
    expect(runs()).toBe(2);
    await s.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(runs()).toBe(2);
  });

  it('does not run under NODE_ENV=test', async () => {
    const { s, runs } = scheduler({ NODE_ENV: 'test', ONBOARDING_EXPIRY_INTERVAL_MINUTES: 1 });
    s.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(runs()).toBe(0);
  });
});
