import type { Actor } from '@opsledger/persistence';
import type { LeadFields } from '../create-lead/create-lead.command';

export class ChangeLeadCommand {
  constructor(
    readonly actor: Actor,
    readonly leadId: string,
    readonly changes: LeadFields,
    readonly ifMatch: number | undefined,
  ) {}
}
