import { ReplayVerificationPayloadCommand } from './replay-verification-payload.command';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { VerificationPayloadNotFoundError } from '../../../domain/documents.errors';
import { readVerificationNotice } from '../../../domain/verification-payload';
import { reviewerTenant } from '../../document-access';
import { VerificationNotices } from '../../verification-notices';
import { VerificationPayloads, VerificationSubjects } from '../../verification-payloads.port';
import { WebhookReceipt } from '../receive-provider-webhook/receive-provider-webhook.command';

/**
 * Re-reads the stored body and applies it again. Idempotent: a policy or account already in
 * the notified state is left as it is (`already-applied`, no event); each replay is noted on
 * the stored payload with who asked and what came of it.
 */
@CommandHandler(ReplayVerificationPayloadCommand)
export class ReplayVerificationPayloadHandler implements ICommandHandler<
  ReplayVerificationPayloadCommand,
  WebhookReceipt
> {
  constructor(
    private readonly db: Db,
    private readonly subjects: VerificationSubjects,
    private readonly payloads: VerificationPayloads,
    private readonly notices: VerificationNotices,
  ) {}

  async execute(command: ReplayVerificationPayloadCommand): Promise<WebhookReceipt> {
    const tenantId = reviewerTenant(command.actor);
    const stored = await this.db.read(() => this.payloads.get(tenantId, command.payloadId));
    if (!stored) throw new VerificationPayloadNotFoundError(command.payloadId);
    const notice = readVerificationNotice(stored.provider, stored.body);
    const located = notice ? await this.subjects.locate(notice.subject) : null;
    return this.db.transaction(async () => {
      const outcome =
        notice && located?.tenantId === tenantId
          ? await this.notices.apply(stored.provider, notice, located)
          : notice
            ? 'unmatched'
            : 'ignored';
      await this.payloads.replace({
        ...stored,
        replays: [
          ...stored.replays,
          { at: new Date().toISOString(), by: command.actor.id, outcome },
        ],
      });
      return { payloadId: stored.id, outcome };
    });
  }
}
