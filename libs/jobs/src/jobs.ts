import { Injectable, Optional } from '@nestjs/common';
import { Db, RequestContext } from '@opsledger/persistence';
import { JobNotifications } from './job-notifications';
import { JobQueue } from './job-queue';
import { PLATFORM_JOBS } from './job-table';
import { JobTransitionListener } from './job-transition';

/**
 * The platform's queue, on the `jobs` table: `enqueue` in a unit of work, `cancel`, `state`.
 * Register handlers for its types with `JobWorker.register({ queue: jobs, type, handler })`.
 */
@Injectable()
export class Jobs extends JobQueue {
  constructor(
    db: Db,
    context: RequestContext,
    notifications: JobNotifications,
    @Optional() listener?: JobTransitionListener,
  ) {
    super(PLATFORM_JOBS, db, context, listener, notifications);
  }
}
