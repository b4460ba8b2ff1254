import { spawnSync } from 'node:child_process';

/**
 * Native addons load in a plain Node process of the version running the suite, as `npm start`
 * loads them (inside Jest, argon2 0.45's N-API 10 build loaded on Node 20, where `node` itself
 * crashed with a segmentation fault on the same require).
 */
describe('native addons', () => {
  it.each(['argon2'])('%s loads and works in a plain node process', (name) => {
    const run = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(name)}).hash('x').then((h) => process.stdout.write(h.slice(0, 9)))`,
      ],
      { cwd: process.cwd(), encoding: 'utf8', timeout: 30_000 },
    );
    expect({ status: run.status, signal: run.signal, out: run.stdout }).toEqual({
      status: 0,
      signal: null,
      out: '$argon2id',
    });
  });
});
