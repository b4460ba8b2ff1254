import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { verifyWebhook } from '@opsledger/crypto';
import { Db, RequestContext, SYSTEM_ACTOR } from '@opsledger/persistence';
import { createHash } from 'node:crypto';
import { WebhookReplayedError, WebhookSignatureError } from '../../../domain/documents.errors';
import { readVerificationNotice } from '../../../domain/verification-payload';
import { VerificationNotices } from '../../verification-notices';
import {
  StoredVerificationPayload,
  VerificationPayloads,
  VerificationSubjects,
} from '../../verification-payloads.port';
import { WEBHOOK_SETTINGS, WebhookSettings } from '../../webhook-settings';
import { ReceiveProviderWebhookCommand, WebhookReceipt } from './receive-provider-webhook.command';

/** The stored payload's id: a UUID derived from provider and delivery id (stable, opaque). */
export function payloadIdOf(provider: string, deliveryId: string): string {
  const h = createHash('sha256').update(`${provider}:${deliveryId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Signature first (nothing unsigned is stored), then the payload is read, its subject found
 * from our records, and in one unit of work in the subject's tenant: the delivery is stored
 * (a second delivery with the same id is refused as a replay) and applied to the policy or
 * account through its aggregate. An unknown subject is stored too (`unmatched`), for audit.
 */
@CommandHandler(ReceiveProviderWebhookCommand)
export class ReceiveProviderWebhookHandler implements ICommandHandler<
  ReceiveProviderWebhookCommand,
  WebhookReceipt
> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly subjects: VerificationSubjects,
    private readonly payloads: VerificationPayloads,
    private readonly notices: VerificationNotices,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
  ) {}

  async execute(command: ReceiveProviderWebhookCommand): Promise<WebhookReceipt> {
    const { provider } = command;
    const secrets = this.settings.secrets[provider];
    if (secrets.length === 0) throw new WebhookSignatureError('no secret is configured');
    const verified = verifyWebhook(command.headers, command.rawBody, {
      secrets,
      toleranceSeconds: this.settings.toleranceSeconds,
    });
    if (!verified.ok) throw new WebhookSignatureError(verified.reason);

    const notice = readVerificationNotice(provider, command.body);
    const located = notice ? await this.subjects.locate(notice.subject) : null;
    const tenantId = located?.tenantId ?? null;
    const now = new Date().toISOString();
    const payloadId = payloadIdOf(provider, verified.id);

    const receive = () =>
      this.db.transaction(async () => {
        const stored: StoredVerificationPayload = {
          id: payloadId,
          provider,
          deliveryId: verified.id,
          tenantId,
          contractorId: located?.contractorId ?? null,
          subject: located ? { kind: located.kind, id: located.id } : null,
          body: command.body,
          signedAt: verified.timestamp.toISOString(),
          createdAt: now,
          outcome: 'ignored',
          appliedAt: now,
          replays: [],
        };
        if (!(await this.payloads.insertIfAbsent(stored))) throw new WebhookReplayedError();
        const outcome = notice ? await this.notices.apply(provider, notice, located) : 'ignored';
        if (outcome !== stored.outcome) await this.payloads.replace({ ...stored, outcome });
        return { payloadId, outcome };
      });
    // the provider acts as the system, in the tenant of the row it speaks about
    return this.context.run({ ...SYSTEM_ACTOR, tenantId }, receive, { systemScope: !tenantId });
  }
}
