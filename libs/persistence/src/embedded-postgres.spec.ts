import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedBinariesDir, reachableBy } from './embedded-postgres';

describe('embedded PostgreSQL: what the unprivileged server user can reach', () => {
  const other = { uid: 4242424, gid: 4242424 };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'opsledger-reach-'));
    mkdirSync(join(dir, 'inner'));
    writeFileSync(join(dir, 'inner', 'file'), 'x');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reaches a path whose every folder others may traverse', () => {
    chmodSync(dir, 0o755);
    expect(reachableBy(join(dir, 'inner', 'file'), other)).toBe(true);
  });

  it('does not reach a path below a folder only its owner may enter (a 0700 home or mktemp -d)', () => {
    chmodSync(dir, 0o700);
    expect(reachableBy(join(dir, 'inner', 'file'), other)).toBe(false);
    expect(reachableBy(join(dir, 'inner'), other)).toBe(false);
  });

  it('reaches a 0700 folder the user owns', () => {
    chmodSync(dir, 0o700);
    const owner = { uid: process.getuid!(), gid: 4242424 };
    expect(reachableBy(join(dir, 'inner'), owner)).toBe(true);
  });

  it('does not reach a path that does not exist', () => {
    expect(reachableBy(join(dir, 'missing', 'file'), other)).toBe(false);
  });

  it("finds this platform's binaries", () => {
    expect(embeddedBinariesDir()).toMatch(/@embedded-postgres[\\/][a-z]+-[a-z0-9]+[\\/]native$/);
  });
});
