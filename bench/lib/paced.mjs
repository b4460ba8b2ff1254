// A load at a fixed rate (open loop): each client (one phone, one keep-alive connection) sends
// its next request on a schedule, whatever the server does. Latency is measured from the time a
// request was due, not from when it could be sent, so a server that falls behind is charged
// for the wait its clients saw (no coordinated omission; what wrk2 and k6's
// constant-arrival-rate do). autocannon's `overallRate` does not do this: it lets every
// connection run flat out at the start of each second until a quota is spent, which measures
// a saturated server in bursts.
import http from 'node:http';

/**
 * Runs `rate` requests a second for `seconds`, spread evenly over `clients` (client i sends at
 * offsets i/rate, i/rate + clients/rate, …). `request(client)` returns `{ method, path,
 * headers, body }`. Returns the achieved rate and the latency percentiles in milliseconds.
 */
export async function pacedLoad({ baseUrl, rate, seconds, clients, request, timeoutMs = 10_000 }) {
  const url = new URL(baseUrl);
  const period = (clients / rate) * 1000; // each client's interval between requests, ms
  const latencies = [];
  const bySecond = []; // [second of the run] → the latencies of the requests due in it
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const end = started + seconds * 1000;

  const send = (agent, spec) =>
    new Promise((resolve) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          agent,
          method: spec.method,
          path: spec.path,
          headers: spec.body
            ? { ...spec.headers, 'content-length': Buffer.byteLength(spec.body) }
            : spec.headers,
          timeout: timeoutMs,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
          res.on('error', () => resolve(0));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(0));
      req.end(spec.body);
    });

  const runClient = async (index) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let due = started + (index * 1000) / rate;
    try {
      while (due < end) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const status = await send(agent, request(index));
        const latency = performance.now() - due;
        latencies.push(latency);
        (bySecond[Math.floor((due - started) / 1000)] ??= []).push(latency);
        if (status >= 200 && status < 300) ok++;
        else if (status === 0) errors++;
        else non2xx++;
        due += period;
      }
    } finally {
      agent.destroy();
    }
  };

  await Promise.all(Array.from({ length: clients }, (_, i) => runClient(i)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) =>
    latencies.length === 0
      ? null
      : Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return {
    rateAsked: rate,
    requestsPerSecond: Math.round(latencies.length / elapsed),
    requests: latencies.length,
    ok,
    non2xx,
    errors,
    latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) },
    // the slowest answer of the requests due in each second: a stall (a spike in a few
    // seconds) tells itself apart from a steady queue
    maxMsBySecond: bySecond.map((l) => (l ? Math.round(Math.max(...l)) : null)),
  };
}
