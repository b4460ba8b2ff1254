import { Logger } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import { RefusalRecorder } from '@opsledger/http';
import { createTestDatabase, TestDatabase, waitForLedgerHorizon } from '@opsledger/testing';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { StoredEvent } from './stored-event';
import { createEventStoreModule, sleep } from './testing/event-store-test-kit';

class RefusalLog implements Projection {
  readonly name = 'refusal-log';
  readonly eventTypes = ['platform.request.refused.v1'];
  readonly seen = new Set<string>();

  handle(events: readonly StoredEvent[]): Promise<void> {
    for (const e of events) this.seen.add(e.eventId);
    return Promise.resolve();
  }

  reset(): Promise<void> {
    this.seen.clear();
    return Promise.resolve();
  }
}

describe('refusals recorded in a burst while the projector follows commits (PostgreSQL)', () => {
  let tdb: TestDatabase;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    moduleRef = await createEventStoreModule(tdb.url, { pollMs: 5000, poolSize: 10 });
  });
  afterAll(async () => {
    await moduleRef?.close();
    await tdb?.drop();
  });

  it('never runs a projection pass inside the transaction that recorded a refusal', async () => {
    const runner = moduleRef.get(ProjectionRunner);
    const projection = new RefusalLog();
    runner.register(projection);
    const errors = jest.spyOn(Logger.prototype, 'error');
    const recorder = moduleRef.get(RefusalRecorder);
    // Called as the exception filter may be, outside any request context: every commit
    // nudges the runner, which must start its pass on its own connection.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        recorder.record({
          method: 'POST',
          route: '/api/v1/things',
          status: 429,
          code: 'HTTP.TOO_MANY_REQUESTS',
          message: `refused ${i}`,
          result: 'denied',
        }),
      ),
    );
    await waitForLedgerHorizon(tdb.url);
    const until = Date.now() + 10_000;
    while (projection.seen.size < 40 && Date.now() < until) {
      runner.nudge();
      await sleep(50);
    }
    expect(projection.seen.size).toBe(40);
    const failures = errors.mock.calls.map(([first, message]) => {
      const err = (first as { err?: Error } | undefined)?.err;
      return `${String(message)}: ${err?.name ?? String(first)}`;
    });
    expect(failures).toEqual([]);
    errors.mockRestore();
  });
});
