import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { DomainError } from '@opsledger/ddd';
import { Actor, Db, RequestContext } from '@opsledger/persistence';
import { ContractorDirectory } from './document-access';
import { watchedContractor } from './onboarding-access';
import { OnboardingViewers } from './onboarding-viewer';
import { ProgressNotifier } from './progress-notifier';
import { GetOnboardingProgressQuery } from './queries/get-onboarding-progress/get-onboarding-progress.query';
import type { ProgressView } from './queries/onboarding.read-model';

export interface ProgressSink {
  progress(view: ProgressView): void;
  /** The stream must end (the application is shutting down). */
  end(): void;
}

export interface ProgressWatch {
  /** Sends the current progress, then the progress after each change; returns the stop function. */
  start(sink: ProgressSink): () => void;
}

/**
 * A contractor's progress pushed to its open tabs: the contractor's own user and the tenant's
 * reviewers may watch (anyone else finds no contractor, 404, checked before the stream opens).
 * Each change the notifier reports (this instance's or, with Redis, any instance's) is read
 * again as the watcher (cache, then PostgreSQL), one read at a time per watcher, so a burst of
 * changes ends with the latest state.
 */
@Injectable()
export class ProgressStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ProgressStreams.name);
  private readonly open = new Set<ProgressSink>();

  constructor(
    private readonly db: Db,
    private readonly viewers: OnboardingViewers,
    private readonly directory: ContractorDirectory,
    private readonly notifier: ProgressNotifier,
    private readonly queries: QueryBus,
    private readonly context: RequestContext,
  ) {}

  /** How many streams this instance serves now. */
  get size(): number {
    return this.open.size;
  }

  async authorize(actor: Actor, contractorId: string): Promise<ProgressWatch> {
    const { tenantId } = await this.db.read(() =>
      watchedContractor(this.viewers, this.directory, actor, contractorId),
    );
    return { start: (sink) => this.start(actor, tenantId, contractorId, sink) };
  }

  private start(actor: Actor, tenantId: string, contractorId: string, sink: ProgressSink) {
    let stopped = false;
    let reading = false;
    let again = false;
    const read = async (): Promise<void> => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      try {
        do {
          again = false;
          // in a context of its own: the change arrives in the context of the request behind it
          const view = await this.context.detached(() =>
            this.context.run(actor, () =>
              this.queries.execute<GetOnboardingProgressQuery, ProgressView>(
                new GetOnboardingProgressQuery(actor, contractorId),
              ),
            ),
          );
          if (!stopped) sink.progress(view);
        } while (again && !stopped);
      } catch (error) {
        // the contractor is gone (erased) or no longer the viewer's: the stream ends
        if (error instanceof DomainError && error.kind === 'not_found') sink.end();
        else this.logger.warn(`progress stream read failed: ${(error as Error).message}`);
      } finally {
        reading = false;
      }
    };
    const unwatch = this.notifier.watch(contractorId, (change) => {
      if (change.tenantId === tenantId && !stopped) void read();
    });
    this.open.add(sink);
    void read();
    return () => {
      stopped = true;
      unwatch();
      this.open.delete(sink);
    };
  }

  /** Ends every open stream, so the HTTP server can close (it waits for open responses). */
  beforeApplicationShutdown(): void {
    for (const sink of [...this.open]) sink.end();
    this.open.clear();
  }
}
