import { Injectable, Logger } from '@nestjs/common';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { RetentionRule } from '@opsledger/personal-data';
import { randomUUID } from 'node:crypto';
import { RetentionRun } from '../domain/retention-run.aggregate';
import { RetentionRunRepository } from '../domain/retention-run.repository';
import { RetentionRules } from './retention-rules';

/** Records removed per transaction: bounded locks and WAL per step, progress kept on a crash. */
export const RETENTION_BATCH_SIZE = 1000;
/** Advisory-lock class of the retention rules (the second key is the rule name's hash). */
const RETENTION_LOCK_CLASS = 0x52_45_54; // "RET"

export interface RetentionPassResult {
  rule: string;
  cutoff: Date;
  removed: number;
  /** Another instance was applying the rule; this one left it alone. */
  skipped: boolean;
  /** The pass failed after removing `removed`; the next pass goes on. */
  error?: string;
}

/**
 * Applies every retention rule: removes what is due in batches, each batch one system-scope
 * transaction that holds the rule's advisory lock (so one instance applies a rule at a time and
 * each record goes once) and records what it removed as a RetentionRun, in the ledger too. The
 * clock is a parameter: tests pass the instant they need.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly rules: RetentionRules,
    private readonly runs: RetentionRunRepository,
  ) {}

  async runAll(now = new Date()): Promise<RetentionPassResult[]> {
    const results: RetentionPassResult[] = [];
    for (const rule of this.rules.all()) results.push(await this.apply(rule, now));
    return results;
  }

  async apply(rule: RetentionRule, now = new Date()): Promise<RetentionPassResult> {
    const cutoff = rule.cutoff(now);
    let removed = 0;
    try {
      for (;;) {
        const batch = await this.context.run(SYSTEM_ACTOR, () =>
          this.db.transaction(() => this.removeBatch(rule, cutoff)),
        );
        if (batch === null) return { rule: rule.name, cutoff, removed, skipped: true };
        removed += batch;
        if (batch < RETENTION_BATCH_SIZE) break;
      }
    } catch (error) {
      this.logger.error({ err: error, rule: rule.name }, 'retention rule failed');
      const code = error instanceof Error ? error.name : 'Error';
      return { rule: rule.name, cutoff, removed, skipped: false, error: code };
    }
    if (removed > 0) this.logger.log({ rule: rule.name, removed }, 'retention rule applied');
    return { rule: rule.name, cutoff, removed, skipped: false };
  }

  /** One batch; null when another transaction holds the rule. */
  private async removeBatch(rule: RetentionRule, cutoff: Date): Promise<number | null> {
    const [lock] = (await this.db.manager.query(
      `SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok`,
      [RETENTION_LOCK_CLASS, rule.name],
    )) as Array<{ ok: boolean }>;
    if (!lock?.ok) return null;
    const startedAt = new Date();
    const removed = await rule.removeDue(cutoff, RETENTION_BATCH_SIZE);
    if (removed > 0) {
      await this.runs.add(
        RetentionRun.finished(randomUUID(), {
          rule: rule.name,
          store: rule.store,
          location: rule.location,
          action: rule.action,
          cutoff,
          removed,
          startedAt,
          finishedAt: new Date(),
        }),
      );
    }
    return removed;
  }
}
