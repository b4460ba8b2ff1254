import { OneAtATime } from './one-at-a-time';

describe('OneAtATime', () => {
  it('starts a task only once the one before has settled, in the order given', async () => {
    const serial = new OneAtATime();
    const log: string[] = [];
    const releases: Array<() => void> = [];
    const task =
      (name: string, fail = false) =>
      () =>
        new Promise<string>((resolve, reject) => {
          log.push(`start ${name}`);
          releases.push(() => (fail ? reject(new Error(name)) : resolve(name)));
        });
    const a = serial.run(task('a', true));
    const b = serial.run(task('b'));
    const c = serial.run(task('c'));
    await Promise.resolve();
    expect(log).toEqual(['start a']);
    releases[0]();
    await expect(a).rejects.toThrow('a'); // a failure is its caller's, and the next runs
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a', 'start b']);
    releases[1]();
    await expect(b).resolves.toBe('b');
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(['start a', 'start b', 'start c']);
    releases[2]();
    await expect(c).resolves.toBe('c');
  });
});
