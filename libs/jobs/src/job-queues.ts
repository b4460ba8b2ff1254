import { Injectable } from '@nestjs/common';
import { Db, RequestContext } from '@opsledger/persistence';
import { JobNotifications } from './job-notifications';
import { JobQueue } from './job-queue';
import { JobTable } from './job-table';
import { JobTransitionListener } from './job-transition';

/** Builds the queue mechanics for a context's own job table (crm's `ai_jobs`). */
@Injectable()
export class JobQueues {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly notifications: JobNotifications,
  ) {}

  create(table: JobTable, listener?: JobTransitionListener): JobQueue {
    return new JobQueue(table, this.db, this.context, listener, this.notifications);
  }
}
