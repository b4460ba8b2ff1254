import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { LedgerMetrics } from '@opsledger/event-store';
import { RequestContext } from '@opsledger/persistence';
import { APP_CONFIG, AppConfig } from '../../../../config/app-config';
import { SealLedgerCommand } from '../../application/commands/seal-ledger/seal-ledger.command';
import { LedgerReader } from '../../application/queries/ledger.reader';

/**
 * A seal is made before its interval when this many events wait for one: a seal checks every
 * event it covers on the event loop, and at hundreds of events a second an interval's worth
 * is a burst the service's answers queue behind (docs/decisions.md, "the ledger seal in
 * slices").
 */
export const SEAL_EARLY_EVENTS = 1_000;
/** How often the waiting events are counted (bounded by SEAL_EARLY_EVENTS). */
const SEAL_CHECK_MS = 2_000;

/**
 * Seals the ledger every SEAL_INTERVAL_SECONDS (0 turns it off), or sooner once
 * SEAL_EARLY_EVENTS events wait. Every instance runs the timer; the seal lock makes all but
 * one of them skip a round, so adding instances never forks the seal chain.
 */
@Injectable()
export class SealScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SealScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private stopScrape: (() => void) | null = null;
  /** When this process last started a round that sealed (or booted). */
  private lastRound = Date.now();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly commands: CommandBus,
    private readonly ledger: LedgerReader,
    private readonly metrics: LedgerMetrics,
    private readonly context: RequestContext,
  ) {}

  onApplicationBootstrap(): void {
    // Seal lag is read from the database on scrape, by every instance: it shows a sealer
    // that stopped (refusing, crashed, or waiting for the horizon) wherever it runs.
    this.stopScrape = this.metrics.onLagScrape(async () => {
      const lag = await this.context.detached(() => this.ledger.sealLag());
      this.metrics.sealLag(lag.events, lag.seconds);
    });
    if (this.config.SEAL_INTERVAL_SECONDS > 0) this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopScrape?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Seals until caught up (a backlog takes several seals); returns how many were written. */
  async sealPending(): Promise<number> {
    let created = 0;
    for (;;) {
      const outcome = await this.commands.execute(new SealLedgerCommand(false));
      if (outcome.created) created += 1;
      // a refusal is logged, counted and recorded by the handler; the next round tries again
      if (!outcome.created || !outcome.more || this.stopped) return created;
    }
  }

  /**
   * One tick: seals when the interval has passed since the last round that sealed, or when
   * SEAL_EARLY_EVENTS wait. Returns whether it sealed (tried to).
   */
  async tick(now = Date.now()): Promise<boolean> {
    const intervalMs = this.config.SEAL_INTERVAL_SECONDS * 1000;
    const due =
      now - this.lastRound >= intervalMs ||
      // a failed count waits for the interval, whose round reports the failure
      (await this.ledger.unsealedAtLeast(SEAL_EARLY_EVENTS).catch(() => false));
    if (!due) return false;
    this.lastRound = now;
    await this.sealPending();
    return true;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.running = this.context
          .detached(() => this.tick())
          .then(() => undefined)
          .catch((error: unknown) => this.logger.error({ err: error }, 'sealing the ledger failed'))
          .finally(() => {
            this.running = null;
            this.schedule();
          });
      },
      Math.min(this.config.SEAL_INTERVAL_SECONDS * 1000, SEAL_CHECK_MS),
    );
    this.timer.unref();
  }
}
