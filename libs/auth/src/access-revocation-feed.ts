import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask, PgListener } from '@opsledger/persistence';
import { DataSource } from 'typeorm';
import { AccessRevocation, AccessRevocations } from './access-revocations';

/** The channel the `access_revocations` triggers NOTIFY on, in the revoking transaction. */
export const ACCESS_REVOCATIONS_CHANNEL = 'access_revocations';
const PRUNE_EVERY_MS = 60_000;

interface Row {
  id: string;
  kind: AccessRevocation['kind'];
  subject: string;
  tenant_id: string | null;
  value: string | null;
  changed_at_ms: string;
}

/**
 * Keeps AccessRevocations current on every instance: loads the recent rows of
 * `access_revocations` at boot, then applies each NOTIFY (sent by the database trigger in
 * the transaction that took access away, so only committed changes arrive), and reloads the
 * whole set whenever the shared LISTEN connection comes back (nothing said meanwhile is
 * missed). A minute's pruning forgets rows no living token can be affected by.
 */
@Injectable()
export class AccessRevocationFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccessRevocationFeed.name);
  private unlisten: (() => Promise<void>) | null = null;
  private readonly pruning: PeriodicTask;

  constructor(
    private readonly dataSource: DataSource,
    private readonly listener: PgListener,
    private readonly revocations: AccessRevocations,
  ) {
    this.pruning = new PeriodicTask('access-revocations-prune', PRUNE_EVERY_MS, () => this.prune());
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unlisten = await this.listener.listen(ACCESS_REVOCATIONS_CHANNEL, {
      notify: (payload) => this.onNotify(payload),
      listening: () => this.reload(),
    });
    this.pruning.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pruning.stop();
    await this.unlisten?.();
    this.unlisten = null;
  }

  /** Reads every change still relevant (the boot load, and after each reconnection). */
  async reload(): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT id, kind, subject, tenant_id, value, (extract(epoch FROM changed_at) * 1000)::bigint AS changed_at_ms
         FROM access_revocations WHERE changed_at > now() - make_interval(secs => $1) ORDER BY id`,
      [this.revocations.retentionMs / 1000],
    )) as Row[];
    for (const row of rows) {
      this.revocations.apply({
        id: Number(row.id),
        kind: row.kind,
        subject: row.subject,
        tenantId: row.tenant_id,
        value: row.value,
        changedAt: Number(row.changed_at_ms),
      });
    }
  }

  private onNotify(payload: string): void {
    const change = JSON.parse(payload) as AccessRevocation;
    this.revocations.apply({
      ...change,
      id: Number(change.id),
      changedAt: Number(change.changedAt),
    });
  }

  private async prune(): Promise<void> {
    this.revocations.prune();
    await this.dataSource.query(
      `DELETE FROM access_revocations WHERE changed_at < now() - make_interval(secs => $1)`,
      [this.revocations.retentionMs / 1000],
    );
    this.logger.debug(`access revocations in memory: ${this.revocations.size}`);
  }
}
