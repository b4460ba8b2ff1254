import type { Actor } from '@opsledger/persistence';
import type { OutreachChannel } from '../../../domain/events/lead.events';

export class RecordLeadOutreachCommand {
  constructor(
    readonly actor: Actor,
    readonly leadId: string,
    readonly channel: OutreachChannel,
    readonly note: string | null | undefined,
  ) {}
}
