import { setImmediate } from 'node:timers';

/** What a batch answers for one of its commands. */
export type GroupOutcome<R> = { value: R } | { error: unknown };

/**
 * Answered to a command whose batch failed as a whole (its unit of work rolled back): the
 * caller runs it alone, in its own unit of work, so one command's failure never fails another.
 */
export const RUN_ALONE: unique symbol = Symbol('run alone');

export interface GroupCommitOptions<C> {
  /** Commands one batch takes at most. */
  maxBatch: number;
  /** Batches of one group running at once. */
  maxInFlight: number;
  /**
   * Commands that must be waiting before a batch starts while another batch of the group
   * runs (default 1). Below it they wait for the running batch to end and go in the next one:
   * a batch has a cost of its own (its round trips, its COMMIT), which many small batches
   * running side by side pay once each.
   */
  minConcurrentBatch?: number;
  /** Commands with the same key never share a batch (they change the same aggregate). */
  keyOf: (command: C) => string;
}

interface Pending<C, R> {
  command: C;
  settle: (outcome: R | typeof RUN_ALONE) => void;
  fail: (error: unknown) => void;
}

interface Group<C, R> {
  queue: Array<Pending<C, R>>;
  running: number;
  scheduled: boolean;
}

/**
 * Group commit for commands: those submitted while a group's batches are busy are run together
 * by `run`, in one unit of work and one COMMIT, instead of one each. A command waits for no
 * timer: when no batch runs, what has arrived in the current turn of the event loop starts at
 * once; while one runs, the next starts when the running one ends or, with fewer than
 * `maxInFlight` running, as soon as `minConcurrentBatch` commands wait. Under load the queue
 * fills while batches run, and the next takes up to `maxBatch` of it. `run` answers an outcome
 * per command (a refusal is that command's own); when it throws, every command of the batch is
 * answered `RUN_ALONE`.
 */
export class GroupCommit<C, R> {
  private readonly groups = new Map<string, Group<C, R>>();

  constructor(
    private readonly run: (group: string, commands: C[]) => Promise<Array<GroupOutcome<R>>>,
    private readonly options: GroupCommitOptions<C>,
  ) {}

  submit(group: string, command: C): Promise<R | typeof RUN_ALONE> {
    return new Promise((settle, fail) => {
      let state = this.groups.get(group);
      if (!state) {
        state = { queue: [], running: 0, scheduled: false };
        this.groups.set(group, state);
      }
      state.queue.push({ command, settle, fail });
      this.schedule(group, state);
    });
  }

  /** Commands waiting for a batch, in every group. */
  get waiting(): number {
    let count = 0;
    for (const state of this.groups.values()) count += state.queue.length;
    return count;
  }

  /** Whether a batch may start now. */
  private mayStart(state: Group<C, R>): boolean {
    if (state.queue.length === 0 || state.running >= this.options.maxInFlight) return false;
    return state.running === 0 || state.queue.length >= (this.options.minConcurrentBatch ?? 1);
  }

  private schedule(group: string, state: Group<C, R>): void {
    if (state.scheduled || !this.mayStart(state)) return;
    state.scheduled = true;
    // after the requests already read in this turn have submitted theirs
    setImmediate(() => {
      state.scheduled = false;
      this.start(group, state);
    });
  }

  private start(group: string, state: Group<C, R>): void {
    if (!this.mayStart(state)) return;
    const batch: Array<Pending<C, R>> = [];
    const keys = new Set<string>();
    const left: Array<Pending<C, R>> = [];
    for (const pending of state.queue) {
      const key = this.options.keyOf(pending.command);
      if (batch.length < this.options.maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(pending);
      } else left.push(pending);
    }
    state.queue = left;
    state.running += 1;
    void this.runBatch(group, batch).finally(() => {
      state.running -= 1;
      if (state.queue.length > 0) this.schedule(group, state);
      else if (state.running === 0 && !state.scheduled) this.groups.delete(group);
    });
    if (state.queue.length > 0) this.schedule(group, state);
  }

  private async runBatch(group: string, batch: Array<Pending<C, R>>): Promise<void> {
    let outcomes: Array<GroupOutcome<R>>;
    try {
      outcomes = await this.run(
        group,
        batch.map((pending) => pending.command),
      );
    } catch {
      for (const pending of batch) pending.settle(RUN_ALONE);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) pending.settle(RUN_ALONE);
      else if ('value' in outcome) pending.settle(outcome.value);
      else pending.fail(outcome.error);
    });
  }
}
