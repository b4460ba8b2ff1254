import 'reflect-metadata';
import { DomainEvent, NO_PERSONAL_DATA } from '@opsledger/ddd';
import { EventStore } from '@opsledger/event-store';
import { Actor, Db, RequestContext } from '@opsledger/persistence';
import { createHash } from 'node:crypto';
import { ConfigurationError } from '../config/app-config';
import { withCliApp } from './cli-app';

/*
 * npm run bench:ledger (through bench/ledger.mjs), or by hand:
 * node dist/src/cli/ledger-grow.js --events N [--streams S] [--days D] [--seed X]
 *
 * Grows the ledger by N synthetic events through the product's own EventStore (hashed, chained
 * and MACed like every event), spread over S streams of five resource types, ten tenants and
 * fifty actors, with occurrence times spread evenly over the last D days. No background work
 * runs in this process; the service projects and seals the events when it next runs.
 * Deterministic ids per seed, so the bench can name a resource, an actor and a tenant.
 */

const RESOURCE_TYPES = ['customer', 'work-order', 'invoice', 'contact', 'meeting'] as const;
const EVENTS_PER_APPEND = 200;

/** Exported for the personal-data declaration check, which loads every event class. */
export class LedgerGrowthEvent extends DomainEvent<Record<string, unknown>> {
  static readonly personalData = NO_PERSONAL_DATA;
  override readonly occurredAt: Date;
  constructor(
    readonly type: string,
    aggregateId: string,
    payload: Record<string, unknown>,
    occurredAt: Date,
    previous?: Record<string, unknown>,
  ) {
    super(aggregateId, payload, previous);
    this.occurredAt = occurredAt;
  }
}

/** A stable uuid for a name under a seed. */
export function syntheticId(seed: string, name: string): string {
  const h = createHash('sha256').update(`${seed}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
  return n;
}

async function grow(events: number, streams: number, days: number, seed: string): Promise<void> {
  await withCliApp(
    async (app) => {
      const store = app.get(EventStore);
      const db = app.get(Db);
      const context = app.get(RequestContext);
      // A second run grows the same streams: start from their current versions.
      const versions = new Map<number, number>();
      const heads = (await context.asSystem(() =>
        db.read(() =>
          db.manager.query(
            `SELECT stream_id, max(stream_version)::int AS version FROM event_store
              WHERE event_type LIKE 'bench.%' GROUP BY stream_id`,
          ),
        ),
      )) as Array<{ stream_id: string; version: number }>;
      const byId = new Map(heads.map((h) => [h.stream_id, h.version]));
      for (let stream = 0; stream < streams; stream += 1) {
        const version = byId.get(syntheticId(seed, `stream-${stream}`));
        if (version) versions.set(stream, version);
      }
      const spanMs = days * 86_400_000;
      const start = Date.now() - spanMs;
      const started = Date.now();
      let written = 0;
      let round = 0;
      while (written < events) {
        const stream = round % streams;
        round += 1;
        const count = Math.min(EVENTS_PER_APPEND, events - written);
        const tenantId = syntheticId(seed, `tenant-${stream % 10}`);
        const actor: Actor = {
          id: syntheticId(seed, `actor-${round % 50}`),
          type: 'user',
          tenantId,
          roles: ['user'],
          tenantRole: 'admin',
          sessionId: null,
        };
        const resourceType = RESOURCE_TYPES[stream % RESOURCE_TYPES.length];
        const streamId = syntheticId(seed, `stream-${stream}`);
        const version = versions.get(stream) ?? 0;
        const batch = Array.from({ length: count }, (_, i) => {
          const n = written + i;
          const at = new Date(start + Math.floor((n / events) * spanMs));
          return version + i === 0
            ? new LedgerGrowthEvent(
                `bench.${resourceType}.created.v1`,
                streamId,
                { status: 'open', amount: n % 1000 },
                at,
              )
            : new LedgerGrowthEvent(
                `bench.${resourceType}.changed.v1`,
                streamId,
                { status: n % 2 ? 'open' : 'closed', amount: n % 1000 },
                at,
                { status: n % 2 ? 'closed' : 'open' },
              );
        });
        await context.run(actor, () =>
          db.transaction(() =>
            store.append({
              streamType: resourceType,
              streamId,
              expectedVersion: version,
              events: batch,
              tenantId,
            }),
          ),
        );
        versions.set(stream, version + count);
        written += count;
        if (round % 500 === 0) note(`${written} events`);
      }
      const seconds = (Date.now() - started) / 1000;
      say(
        `Appended ${written} events to ${Math.min(streams, round)} streams in ${seconds.toFixed(1)} s: ${Math.round(written / seconds)}/s`,
      );
    },
    { note },
  );
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  try {
    const events = option(args, 'events', 100_000);
    const streams = option(args, 'streams', 1000);
    const days = option(args, 'days', 365);
    const seedAt = args.indexOf('--seed');
    const seed = seedAt >= 0 ? (args[seedAt + 1] ?? 'bench') : 'bench';
    await grow(events, streams, days, seed);
    return 0;
  } catch (error) {
    if (error instanceof ConfigurationError) {
      note(error.message);
      return 2;
    }
    note(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}

// Only when run: the personal-data check loads this file to read the event's declaration.
if (require.main === module) void main().then((code) => process.exit(code));
