import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { ProgressChange, ProgressNotifier } from '../../application/progress-notifier';
import { MemoryProgressNotifier } from './memory-progress.notifier';
import { RedisProgressNotifier } from './redis-progress.notifier';

/*
 * One behaviour for both progress notifiers. Two "instances" are set up: for the in-process
 * notifier they are one object (it serves one process); for Redis two notifiers with their own
 * connections on one channel, as two application instances would be. The Redis adapter runs
 * against a real Redis when TEST_REDIS_URL is set; without it, the suite's global set-up says
 * that the Redis contract suites are not run (test/global-setup.ts), as for the other adapters.
 */
interface Instances {
  a: ProgressNotifier;
  b: ProgressNotifier;
  teardown(): Promise<void>;
}

const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

function received(notifier: ProgressNotifier, contractorId: string) {
  const changes: ProgressChange[] = [];
  const stop = notifier.watch(contractorId, (c) => changes.push(c));
  return { changes, stop };
}

function describeProgressNotifierContract(name: string, setup: () => Promise<Instances>): void {
  describe(`progress notifier contract: ${name}`, () => {
    let n: Instances;
    beforeAll(async () => {
      n = await setup();
    });
    afterAll(() => n.teardown());
    const tenant = randomUUID();

    it('hands a change to every watcher of that contractor, on every instance', async () => {
      const id = randomUUID();
      const onA = received(n.a, id);
      const onB = received(n.b, id);
      n.a.changed(tenant, id);
      await settle();
      expect(onA.changes).toEqual([{ tenantId: tenant, contractorId: id }]);
      expect(onB.changes).toEqual([{ tenantId: tenant, contractorId: id }]);
      onA.stop();
      onB.stop();
    });

    it("never tells a watcher about another contractor's change", async () => {
      const mine = randomUUID();
      const watcher = received(n.b, mine);
      n.a.changed(tenant, randomUUID());
      await settle();
      expect(watcher.changes).toEqual([]);
      watcher.stop();
    });

    it('stops telling a watcher once it unsubscribed, and keeps telling the others', async () => {
      const id = randomUUID();
      const gone = received(n.b, id);
      const stays = received(n.b, id);
      gone.stop();
      n.a.changed(tenant, id);
      n.a.changed(tenant, id);
      await settle();
      expect(gone.changes).toEqual([]);
      expect(stays.changes).toHaveLength(2);
      stays.stop();
    });

    it('never throws to the caller of changed()', () => {
      expect(() => n.a.changed(tenant, randomUUID())).not.toThrow();
    });
  });
}

describeProgressNotifierContract('in-process', () => {
  const notifier = new MemoryProgressNotifier();
  return Promise.resolve({ a: notifier, b: notifier, teardown: () => Promise.resolve() });
});

const redisUrl = process.env.TEST_REDIS_URL;
if (redisUrl) {
  const channel = `opsledger-test:${process.pid}:${randomUUID()}:progress`;
  describeProgressNotifierContract(`Redis pub/sub (${new URL(redisUrl).host})`, async () => {
    const a = new RedisProgressNotifier(redisUrl, channel);
    const b = new RedisProgressNotifier(redisUrl, channel);
    await Promise.all([a.ready, b.ready]);
    return {
      a,
      b,
      teardown: async () => {
        await a.onApplicationShutdown();
        await b.onApplicationShutdown();
      },
    };
  });

  it('the Redis adapter ignores foreign messages on its channel', async () => {
    const notifier = new RedisProgressNotifier(redisUrl, channel);
    const raw = new Redis(redisUrl);
    try {
      await notifier.ready;
      const id = randomUUID();
      const watcher = received(notifier, id);
      await raw.publish(channel, 'not json');
      await raw.publish(channel, JSON.stringify({ tenantId: 'x', contractorId: id }));
      await settle();
      expect(watcher.changes).toEqual([]);
      watcher.stop();
    } finally {
      await raw.quit();
      await notifier.onApplicationShutdown();
    }
  });
}
