import { Injectable } from '@nestjs/common';
import { AggregateWriter } from '@opsledger/event-store';
import { RetentionRun } from '../../domain/retention-run.aggregate';
import { RetentionRunRepository } from '../../domain/retention-run.repository';

@Injectable()
export class SqlRetentionRunRepository extends RetentionRunRepository {
  constructor(private readonly writer: AggregateWriter) {
    super();
  }

  async add(run: RetentionRun): Promise<void> {
    const s = run.snapshot;
    await this.writer.save(run, null, async ({ manager, nextVersion }) => {
      await manager.query(
        `INSERT INTO retention_runs (id, rule, store, location, action, cutoff, removed, started_at, finished_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          run.id,
          s.rule,
          s.store,
          s.location,
          s.action,
          s.cutoff,
          s.removed,
          s.startedAt,
          s.finishedAt,
          nextVersion,
        ],
      );
      return true;
    });
  }
}
