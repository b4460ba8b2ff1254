import type { Actor } from '@opsledger/persistence';
import type { LeadStatus, OptStatus } from '../../../domain/events/lead.events';

export interface LeadFields {
  name?: string;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  status?: LeadStatus;
  score?: number | null;
  tags?: string[];
  optStatus?: OptStatus;
}

export class CreateLeadCommand {
  constructor(
    readonly actor: Actor,
    readonly fields: LeadFields & { name: string },
  ) {}
}
