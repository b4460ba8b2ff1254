import { setImmediate as turn } from 'node:timers/promises';
import { ProjectionRunner } from './projection-runner';

/** The runner's scheduling alone: its passes (`catchUpAll`) are held until released. */
function runnerWithHeldPasses(coalesceMs: number) {
  const runner = new ProjectionRunner(
    { pollMs: 0, coalesceMs },
    {} as never,
    {} as never,
    { detached: <T>(fn: () => Promise<T>) => fn() } as never,
    {} as never,
    {} as never,
  );
  const passes: Array<{ release: () => void }> = [];
  jest.spyOn(runner, 'catchUpAll').mockImplementation(
    () =>
      new Promise<void>((release) => {
        passes.push({ release });
      }),
  );
  return { runner, passes };
}

describe('ProjectionRunner passes', () => {
  it('starts the pass asked for during a running one coalesceMs after that one ends, not back to back', async () => {
    // The clock is faked (setImmediate is not) so the test does not depend on the machine's
    // speed: a slow turn on a busy CI machine must not look like a pass started at once.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const { runner, passes } = runnerWithHeldPasses(40);
      runner.nudge();
      expect(passes).toHaveLength(1);
      runner.nudge(); // commits made during the pass
      runner.nudge();
      expect(passes).toHaveLength(1);
      passes[0].release();
      for (let i = 0; i < 5; i++) await turn();
      expect(passes).toHaveLength(1); // not at once
      jest.advanceTimersByTime(39);
      for (let i = 0; i < 5; i++) await turn();
      expect(passes).toHaveLength(1); // not before coalesceMs
      jest.advanceTimersByTime(1);
      for (let i = 0; i < 5; i++) await turn();
      expect(passes).toHaveLength(2); // one pass for both nudges
      jest.advanceTimersByTime(1_000);
      for (let i = 0; i < 5; i++) await turn();
      expect(passes).toHaveLength(2); // and only one
      passes[1].release();
      await runner.onApplicationShutdown();
    } finally {
      jest.useRealTimers();
    }
  });

  it('with coalesceMs 0 starts the next pass as soon as the running one ends', async () => {
    const { runner, passes } = runnerWithHeldPasses(0);
    runner.nudge();
    runner.nudge();
    passes[0].release();
    for (let i = 0; i < 5 && passes.length < 2; i++) await turn();
    expect(passes).toHaveLength(2);
    passes[1].release();
  });
});
