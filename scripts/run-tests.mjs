#!/usr/bin/env node
// Runs the whole Jest suite and ends with the plain summary line CI reads:
// "<N> passed, <N> failed" (", <N> skipped" when any were skipped).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const out = join(tmpdir(), `opsledger-jest-${process.pid}.json`);
const jest = join(import.meta.dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const result = spawnSync(
  process.execPath,
  [jest, '--json', `--outputFile=${out}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: process.env,
  },
);
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(out)) {
  const report = JSON.parse(readFileSync(out, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
  skipped = report.numPendingTests + report.numTodoTests;
  rmSync(out, { force: true });
} else {
  failed = 1;
}
process.stdout.write(
  `\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
