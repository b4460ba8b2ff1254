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
  const passes: Array<{ startedAt: number; release: () => void }> = [];
  jest.spyOn(runner, 'catchUpAll').mockImplementation(
    () =>
      new Promise<void>((release) => {
        passes.push({ startedAt: performance.now(), release });
      }),
  );
  return { runner, passes };
}

describe('ProjectionRunner passes', () => {
  it('starts the pass asked for during a running one coalesceMs after that one ends, not back to back', async () => {
    const { runner, passes } = runnerWithHeldPasses(40);
    runner.nudge();
    expect(passes).toHaveLength(1);
    runner.nudge(); // commits made during the pass
    runner.nudge();
    expect(passes).toHaveLength(1);
    const endedAt = performance.now();
    passes[0].release();
    for (let i = 0; i < 5; i++) await turn();
    expect(passes).toHaveLength(1); // not at once
    for (let waited = 0; passes.length < 2 && waited < 5000; waited += 5)
      await new Promise((r) => setTimeout(r, 5));
    expect(passes).toHaveLength(2); // one pass for both nudges
    expect(passes[1].startedAt - endedAt).toBeGreaterThanOrEqual(39);
    passes[1].release();
    await runner.onApplicationShutdown();
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
