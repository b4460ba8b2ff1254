import type { WebhookHeaders } from '@opsledger/crypto';
import type { PayloadOutcome, WebhookProvider } from '../../../domain/verification-payload';

/** A provider's delivery: the signed bytes, their parsed JSON and the signature headers. */
export class ReceiveProviderWebhookCommand {
  constructor(
    readonly provider: WebhookProvider,
    readonly headers: WebhookHeaders,
    readonly rawBody: Buffer,
    readonly body: unknown,
  ) {}
}

export interface WebhookReceipt {
  payloadId: string;
  outcome: PayloadOutcome;
}
