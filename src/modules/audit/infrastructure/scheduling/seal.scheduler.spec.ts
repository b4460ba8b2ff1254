import { CommandBus } from '@nestjs/cqrs';
import { LedgerMetrics } from '@opsledger/event-store';
import { RequestContext, RequestScope } from '@opsledger/persistence';
import { AppConfig } from '../../../../config/app-config';
import { SealOutcome } from '../../application/commands/seal-ledger/seal-ledger.command';
import { LedgerReader } from '../../application/queries/ledger.reader';
import { SEAL_EARLY_EVENTS, SealScheduler } from './seal.scheduler';

describe('SealScheduler', () => {
  const setup = (waiting: () => Promise<number>) => {
    const counted: number[] = [];
    const ledger = {
      unsealedAtLeast: async (count: number) => {
        counted.push(count);
        return (await waiting()) >= count;
      },
    } as unknown as LedgerReader;
    let seals = 0;
    const commands = {
      execute: async (): Promise<SealOutcome> => {
        seals += 1;
        return { created: true, seal: null, busy: false, more: false, refused: null };
      },
    } as unknown as CommandBus;
    const scheduler = new SealScheduler(
      { SEAL_INTERVAL_SECONDS: 10 } as AppConfig,
      commands,
      ledger,
      new LedgerMetrics(),
      new RequestContext(new RequestScope()),
    );
    return { scheduler, counted, seals: () => seals };
  };

  it('seals once the interval has passed, whatever waits', async () => {
    const { scheduler, seals } = setup(async () => 0);
    const start = Date.now();
    expect(await scheduler.tick(start + 9_000)).toBe(false);
    expect(seals()).toBe(0);
    expect(await scheduler.tick(start + 10_000)).toBe(true);
    expect(seals()).toBe(1);
    // the interval counts again from that round
    expect(await scheduler.tick(start + 15_000)).toBe(false);
    expect(await scheduler.tick(start + 20_000)).toBe(true);
    expect(seals()).toBe(2);
  });

  it('seals before the interval once enough events wait, counting no more than that', async () => {
    let waiting = SEAL_EARLY_EVENTS - 1;
    const { scheduler, counted, seals } = setup(async () => waiting);
    const start = Date.now();
    expect(await scheduler.tick(start + 2_000)).toBe(false);
    waiting = SEAL_EARLY_EVENTS;
    expect(await scheduler.tick(start + 4_000)).toBe(true);
    expect(seals()).toBe(1);
    expect(counted).toEqual([SEAL_EARLY_EVENTS, SEAL_EARLY_EVENTS]);
  });

  it('waits for the interval when the count fails', async () => {
    const { scheduler, seals } = setup(() => Promise.reject(new Error('database unreachable')));
    const start = Date.now();
    expect(await scheduler.tick(start + 2_000)).toBe(false);
    expect(await scheduler.tick(start + 10_000)).toBe(true);
    expect(seals()).toBe(1);
  });
});
