import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  it('runs one pass at a time, survives a failing pass, and waits for the last one on stop', async () => {
    let release: () => void = () => undefined;
    const passes: string[] = [];
    let fail = true;
    const task = new PeriodicTask('test task', 60_000, () => {
      passes.push('start');
      if (fail) {
        fail = false;
        return Promise.reject(new Error('boom'));
      }
      return new Promise<void>((resolve) => {
        release = () => {
          passes.push('end');
          resolve();
        };
      });
    });
    task.tick();
    await new Promise((resolve) => setImmediate(resolve));
    task.tick();
    task.tick();
    expect(passes).toEqual(['start', 'start']);
    const stopped = task.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    release();
    await stopped;
    expect(passes).toEqual(['start', 'start', 'end']);
  });
});
