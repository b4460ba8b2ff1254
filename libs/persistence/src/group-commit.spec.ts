import { setImmediate as turn } from 'node:timers/promises';
import { GroupCommit, GroupOutcome, RUN_ALONE } from './group-commit';

interface Cmd {
  id: string;
  key: string;
}

/** A batch runner that holds each batch until released, recording what it was given. */
function harness(options: { maxBatch: number; maxInFlight: number; minConcurrentBatch?: number }) {
  const batches: Array<{ group: string; ids: string[]; release: (fail?: boolean) => void }> = [];
  let running = 0;
  let mostRunning = 0;
  const group = new GroupCommit<Cmd, string>(
    (name, commands) =>
      new Promise<Array<GroupOutcome<string>>>((resolve, reject) => {
        running += 1;
        mostRunning = Math.max(mostRunning, running);
        batches.push({
          group: name,
          ids: commands.map((c) => c.id),
          release: (fail) => {
            running -= 1;
            if (fail) reject(new Error('batch failed'));
            else
              resolve(
                commands.map((c) =>
                  c.id.startsWith('bad')
                    ? { error: new Error(`refused ${c.id}`) }
                    : { value: `ok ${c.id}` },
                ),
              );
          },
        });
      }),
    { ...options, keyOf: (c) => c.key },
  );
  return { group, batches, mostRunning: () => mostRunning };
}

const cmd = (id: string, key = id): Cmd => ({ id, key });

describe('GroupCommit', () => {
  it('runs what was submitted in one turn as one batch, and what arrives meanwhile as the next', async () => {
    const { group, batches } = harness({ maxBatch: 10, maxInFlight: 1 });
    const first = ['a', 'b', 'c'].map((id) => group.submit('t1', cmd(id)));
    await turn();
    expect(batches.map((b) => b.ids)).toEqual([['a', 'b', 'c']]);
    const later = ['d', 'e'].map((id) => group.submit('t1', cmd(id)));
    await turn();
    expect(batches).toHaveLength(1); // one in flight at most: d and e wait
    batches[0].release();
    expect(await Promise.all(first)).toEqual(['ok a', 'ok b', 'ok c']);
    await turn();
    expect(batches.map((b) => b.ids)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    batches[1].release();
    expect(await Promise.all(later)).toEqual(['ok d', 'ok e']);
    expect(group.waiting).toBe(0);
  });

  it('takes at most maxBatch, never two commands of one key in a batch, and keeps their order', async () => {
    const { group, batches } = harness({ maxBatch: 3, maxInFlight: 1 });
    const all = [
      cmd('a', 's1'),
      cmd('b', 's1'),
      cmd('c', 's2'),
      cmd('d', 's3'),
      cmd('e', 's4'),
    ].map((c) => group.submit('t1', c));
    await turn();
    expect(batches[0].ids).toEqual(['a', 'c', 'd']);
    batches[0].release();
    await turn();
    await turn();
    expect(batches[1].ids).toEqual(['b', 'e']);
    batches[1].release();
    expect(await Promise.all(all)).toEqual(['ok a', 'ok b', 'ok c', 'ok d', 'ok e']);
  });

  it('runs up to maxInFlight batches of a group at once, and groups apart from each other', async () => {
    const { group, batches, mostRunning } = harness({ maxBatch: 1, maxInFlight: 2 });
    const all = ['a', 'b', 'c', 'd'].map((id) => group.submit('t1', cmd(id)));
    all.push(group.submit('t2', cmd('x')));
    await turn();
    await turn();
    expect(batches.map((b) => `${b.group}:${b.ids.join()}`).sort()).toEqual([
      't1:a',
      't1:b',
      't2:x',
    ]);
    for (let i = 0; i < 4; i++) {
      batches.forEach((b) => b.release());
      batches.splice(0);
      await turn();
      await turn();
    }
    expect(await Promise.all(all)).toEqual(['ok a', 'ok b', 'ok c', 'ok d', 'ok x']);
    expect(mostRunning()).toBe(3); // two of t1 and t2's one
  });

  it('starts a batch beside a running one only once minConcurrentBatch commands wait; fewer go in the next', async () => {
    const { group, batches } = harness({ maxBatch: 10, maxInFlight: 2, minConcurrentBatch: 3 });
    const first = group.submit('t1', cmd('a'));
    await turn();
    expect(batches.map((b) => b.ids)).toEqual([['a']]); // none running: at once, alone
    const few = ['b', 'c'].map((id) => group.submit('t1', cmd(id)));
    await turn();
    await turn();
    expect(batches).toHaveLength(1); // two waiting, fewer than three: no batch beside 'a'
    const more = group.submit('t1', cmd('d'));
    await turn();
    await turn();
    expect(batches.map((b) => b.ids)).toEqual([['a'], ['b', 'c', 'd']]); // three: side by side
    const last = group.submit('t1', cmd('e'));
    batches[1].release();
    expect(await Promise.all([...few, more])).toEqual(['ok b', 'ok c', 'ok d']);
    await turn();
    await turn();
    expect(batches).toHaveLength(2); // 'e' waits for 'a' (one running, one waiting)
    batches[0].release();
    await expect(first).resolves.toBe('ok a');
    await turn();
    await turn();
    expect(batches.map((b) => b.ids)).toEqual([['a'], ['b', 'c', 'd'], ['e']]); // none running: at once
    batches[2].release();
    await expect(last).resolves.toBe('ok e');
    expect(group.waiting).toBe(0);
  });

  it('a refusal is its command’s alone; a failed batch answers RUN_ALONE to each of its commands', async () => {
    const { group, batches } = harness({ maxBatch: 10, maxInFlight: 1 });
    const good = group.submit('t1', cmd('a'));
    const bad = group.submit('t1', cmd('bad1'));
    await turn();
    batches[0].release();
    await expect(good).resolves.toBe('ok a');
    await expect(bad).rejects.toThrow('refused bad1');

    const failed = ['c', 'd'].map((id) => group.submit('t1', cmd(id)));
    await turn();
    batches[1].release(true);
    expect(await Promise.all(failed)).toEqual([RUN_ALONE, RUN_ALONE]);
  });
});
