import { createTestDatabase, superuserClient, TestDatabase } from '@opsledger/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PgListener } from './pg-listener';

describe('PgListener (real PostgreSQL)', () => {
  let tdb: TestDatabase;
  let su: Client;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    su = await superuserClient(tdb.url);
  });
  afterAll(async () => {
    await su?.end();
    await tdb?.drop();
  });

  const until = async (check: () => boolean) => {
    for (let waited = 0; !check() && waited < 5000; waited += 10)
      await new Promise((r) => setTimeout(r, 10));
  };

  it('subscribers that do not wait for each other never hand its connection two statements at once', async () => {
    const listener = new PgListener({ options: { url: tdb.url } } as unknown as DataSource);
    // statements given to a client while one of its own runs (pg queues them, deprecated)
    let overlaps = 0;
    const running = new Map<Client, number>();
    const plain = Client.prototype.query;
    const query = jest.spyOn(Client.prototype, 'query');
    query.mockImplementation(function (this: Client, ...args: unknown[]) {
      const now = running.get(this) ?? 0;
      if (now > 0) overlaps++;
      running.set(this, now + 1);
      const result = (plain as (...a: unknown[]) => unknown).apply(this, args);
      const done = () => running.set(this, (running.get(this) ?? 1) - 1);
      if (result instanceof Promise) void result.then(done, done);
      else done();
      return result as never;
    });
    try {
      const heard: string[] = [];
      const channels = ['one', 'two', 'three', 'four'];
      const unlistens = await Promise.all(
        channels.map((channel) =>
          listener.listen(`test_${channel}`, { notify: (p) => heard.push(`${channel}:${p}`) }),
        ),
      );
      for (const channel of channels) await su.query(`NOTIFY "test_${channel}", 'hi'`);
      await until(() => heard.length === channels.length);
      expect(heard.sort()).toEqual(channels.map((c) => `${c}:hi`).sort());

      await Promise.all(unlistens.map((unlisten) => unlisten()));
      heard.length = 0;
      for (const channel of channels) await su.query(`NOTIFY "test_${channel}", 'again'`);
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([]); // every UNLISTEN ran
      expect(overlaps).toBe(0);
    } finally {
      query.mockRestore();
      await listener.close();
    }
  });
});
