import { Logger } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs`, never two passes at once (a pass still running when the next
 * tick comes is not doubled); a failed pass is logged and the next tick tries again. For
 * background jobs whose rows are claimed with SKIP LOCKED, so every instance may run them.
 */
export class PeriodicTask {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  tick(): void {
    if (this.running) return;
    this.running = this.work()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, `${this.name} failed`))
      .finally(() => {
        this.running = null;
      });
  }
}
