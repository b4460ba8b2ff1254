/**
 * Runs the tasks given to it one after another, in the order given, each starting once the one
 * before has settled (a failure does not stop the next). For a connection shared by callers
 * that do not wait for each other: a `pg` client given a query while one runs only queues it,
 * and that queueing is deprecated (removed in pg 9).
 */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
