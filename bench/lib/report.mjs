// Turns the measurements into the printed table, the target verdicts and the JSON file.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SCENARIOS } from './load.mjs';

export const TARGET_CONNECTIONS = 50;

const reference = (r) => r.settings.baselines[0];

/**
 * Issue 17's targets, against the reference baseline (owner mode, the physical limit, unless a
 * run chose one baseline). `value` reads the measurement (null: could not be measured);
 * `format` shows it, with the baseline's figure where that helps to read it.
 */
export const TARGETS = [
  {
    id: 'get-throughput-ratio',
    label: (r) => `(a) GET: service/bare (${reference(r)}) requests/s`,
    threshold: '>= 0.50',
    value: (r) => r.scenarios.get?.ratio,
    pass: (v) => v >= 0.5,
    format: (v) => v.toFixed(2),
  },
  {
    id: 'patch-throughput-ratio',
    label: (r) => `(b) PATCH: service/bare (${reference(r)}) requests/s`,
    threshold: '>= 0.50',
    value: (r) => r.scenarios.patch?.ratio,
    pass: (v) => v >= 0.5,
    format: (v) => v.toFixed(2),
  },
  {
    id: 'get-p99',
    label: (r) => `(a) GET: service p99 / bare (${reference(r)}) p99`,
    threshold: '<= 2.0',
    value: (r) => latencyRatio(r.scenarios.get),
    pass: (v) => v <= 2,
    format: (v, r) =>
      `${v.toFixed(2)} (${fixed(r.scenarios.get.service.latencyMs.p99)} / ${fixed(r.scenarios.get.bare.latencyMs.p99)} ms)`,
  },
  {
    id: 'patch-p99',
    label: (r) => `(b) PATCH: service p99 / bare (${reference(r)}) p99`,
    threshold: '<= 2.0',
    value: (r) => latencyRatio(r.scenarios.patch),
    pass: (v) => v <= 2,
    format: (v, r) =>
      `${v.toFixed(2)} (${fixed(r.scenarios.patch.service.latencyMs.p99)} / ${fixed(r.scenarios.patch.bare.latencyMs.p99)} ms)`,
  },
  {
    id: 'service-peak-rss',
    label: () => 'service peak RSS (VmHWM)',
    threshold: '< 300 MB',
    value: (r) => r.servers.service.peakRssMb,
    pass: (v) => v < 300,
    format: (v) => `${v.toFixed(1)} MB`,
  },
  {
    id: 'all-answered-2xx',
    label: () => 'every request answered 2xx, every server',
    threshold: '0 failed',
    value: (r) =>
      Object.values(r.scenarios).reduce(
        (sum, s) =>
          sum +
          [s.service, ...Object.values(s.baselines)].reduce((n, m) => n + m.non2xx + m.errors, 0),
        0,
      ),
    pass: (v) => v === 0,
    format: (v) => `${v} failed`,
  },
];

function latencyRatio(scenario) {
  if (!scenario) return null; // not run (BENCH_SCENARIOS)
  const service = scenario.service.latencyMs.p99;
  const bare = scenario.bare.latencyMs.p99;
  return service > 0 && bare > 0 ? service / bare : null;
}

function fixed(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return Number(value).toFixed(digits);
}

function integer(value) {
  return value === null || value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US');
}

export function ratio(service, bare) {
  return bare.requestsPerSecond > 0 ? service.requestsPerSecond / bare.requestsPerSecond : null;
}

export function evaluateTargets(results) {
  return TARGETS.map((target) => {
    const value = target.value(results);
    const measured = value !== null && value !== undefined && !Number.isNaN(value);
    return {
      id: target.id,
      label: target.label(results),
      threshold: target.threshold,
      value: measured ? value : null,
      shown: measured ? target.format(value, results) : 'n/a',
      verdict: measured ? (target.pass(value) ? 'PASS' : 'MISS') : 'N/A',
    };
  });
}

const COLUMNS = [
  'Scenario',
  'Server',
  'Req/s',
  'p50 ms',
  'p99 ms',
  'Non-2xx',
  'Errors',
  'CPU %',
  'CPU ms/req',
  'DB CPU ms/req',
  'Peak RSS MB',
];

function table(header, rows) {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => String(row[i] ?? '').length)),
  );
  const line = (cells) =>
    cells
      .map((cell, i) =>
        i < 2 ? String(cell ?? '').padEnd(widths[i]) : String(cell ?? '').padStart(widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A scenario's measurements, named as the table shows them: the service, then each baseline. */
function serversOf(scenario) {
  return [
    ['service', scenario.service],
    ...Object.entries(scenario.baselines).map(([mode, m]) => [`bare (${mode})`, m]),
  ];
}

export function formatReport(results) {
  const { settings, environment } = results;
  const out = [];
  out.push(
    `OpsLedger benchmark: ${settings.connections} connections, ${settings.seconds} s per scenario after ${settings.warmupSeconds} s warm-up, ` +
      (settings.rounds > 1
        ? `${settings.rounds} rounds (servers in turn, order rotated; each figure the median of its rounds)`
        : 'one round'),
  );
  out.push(
    `Node ${environment.node}, ${environment.cpus} x ${environment.cpuModel}, ${environment.memoryGb} GB RAM; ` +
      `embedded PostgreSQL (durable settings); baselines: ${settings.baselines.join(', ')} (targets against ${settings.baselines[0]})`,
  );
  if (settings.serviceEntry !== 'dist/src/main.js') {
    out.push(`Service started from ${settings.serviceEntry}, not dist/src/main.js`);
  }
  out.push('');

  const rows = [];
  for (const [kind, scenario] of Object.entries(results.scenarios)) {
    const servers = serversOf(scenario);
    for (const [index, [server, m]] of servers.entries()) {
      rows.push([
        index === 0 ? SCENARIOS[kind].title : '',
        server,
        integer(m.requestsPerSecond),
        fixed(m.latencyMs.p50),
        fixed(m.latencyMs.p99),
        integer(m.non2xx),
        integer(m.errors),
        fixed(m.cpuPercent, 0),
        fixed(m.cpuMsPerRequest, 2),
        fixed(m.databaseCpuMsPerRequest, 2),
        fixed(m.peakRssMb),
      ]);
    }
    for (const [mode, value] of Object.entries(scenario.ratios)) {
      const ratioText = value === null ? 'n/a' : value.toFixed(2);
      rows.push(['', `service/bare (${mode})`, ratioText, ...Array(COLUMNS.length - 3).fill('')]);
    }
  }
  out.push(table(COLUMNS, rows));
  out.push('');
  out.push(
    'Peak RSS is VmHWM of the server process (its peak so far, boot and setup included); CPU % is of one core;\n' +
      'CPU ms/req is the server process, DB CPU ms/req PostgreSQL (postmaster and backends), per answered request.',
  );
  if (settings.rounds > 1) {
    const roundRows = [];
    for (const [kind, scenario] of Object.entries(results.scenarios)) {
      const servers = serversOf(scenario);
      for (const [index, [server, m]] of servers.entries())
        roundRows.push([
          index === 0 ? SCENARIOS[kind].title : '',
          server,
          ...m.rounds.map(
            (r) =>
              `${integer(r.requestsPerSecond)} / ${fixed(r.p99)} / ${fixed(r.cpuMsPerRequest, 2)}`,
          ),
        ]);
    }
    out.push('');
    out.push(
      table(
        [
          'Scenario',
          'Server',
          ...Array.from(
            { length: settings.rounds },
            (_, i) => `Round ${i + 1}: req/s / p99 / CPU ms`,
          ),
        ],
        roundRows,
      ),
    );
  }
  const sqlRows = [];
  for (const [kind, scenario] of Object.entries(results.scenarios)) {
    const servers = serversOf(scenario);
    for (const [index, [server, m]] of servers.entries())
      if (m.sqlPerRequest)
        sqlRows.push([
          index === 0 ? SCENARIOS[kind].title : '',
          server,
          fixed(m.sqlPerRequest.statements, 2),
          fixed(m.sqlPerRequest.planMs, 3),
          fixed(m.sqlPerRequest.execMs, 3),
        ]);
  }
  if (sqlRows.length > 0) {
    out.push('');
    out.push(
      table(
        ['Scenario', 'Server', 'SQL statements/req', 'Planning ms/req', 'Execution ms/req'],
        sqlRows,
      ),
    );
    out.push(
      'From pg_stat_statements (BENCH_PG_STATEMENTS=1): every statement of the bench database during the\n' +
        'measured run (background work such as projections included), per answered request.',
    );
  }
  const { service, ...baselines } = results.servers;
  out.push(
    `Resident memory when ready: service ${fixed(service.rssWhenReadyMb)} MB ` +
      `(${fixed(service.rssAfterSetupMb)} MB after creating the users), ` +
      Object.entries(baselines)
        .map(([name, m]) => `${name} ${fixed(m.rssWhenReadyMb)} MB`)
        .join(', ') +
      '.',
  );

  const notes = [];
  for (const [kind, scenario] of Object.entries(results.scenarios)) {
    const servers = serversOf(scenario);
    for (const [server, m] of servers) {
      const failed = Object.entries(m.statusCodes).filter(([code]) => !code.startsWith('2'));
      if (failed.length > 0 || m.errors > 0) {
        const codes = failed.map(([code, count]) => `${count} x HTTP ${code}`);
        if (m.errors > 0) codes.push(`${m.errors} connection errors (${m.timeouts} timeouts)`);
        notes.push(`${kind} ${server}: ${codes.join(', ')}`);
      }
      if (m.eventsAppended !== null && m.eventsAppended < m.ok) {
        notes.push(
          `${kind} ${server}: only ${m.eventsAppended} events appended for ${m.ok} successful PATCHes`,
        );
      }
    }
  }
  if (notes.length > 0) {
    out.push('');
    out.push('Attention:');
    for (const note of notes) out.push(`  ${note}`);
  }

  out.push('');
  out.push(
    settings.connections === TARGET_CONNECTIONS
      ? 'Targets'
      : `Targets (defined at ${TARGET_CONNECTIONS} connections; this run used ${settings.connections})`,
  );
  out.push(
    table(
      ['Verdict', 'Target', 'Threshold', 'Measured'],
      results.targets.map((t) => [t.verdict, t.label, t.threshold, t.shown]),
    ),
  );
  return out.join('\n');
}

export async function writeResults(file, results) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
