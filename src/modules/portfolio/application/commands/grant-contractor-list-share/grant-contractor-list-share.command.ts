import { Command } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';

export type ShareTarget =
  { userId: string; permission: 'view' | 'edit' } | { email: string; expiresAt: Date | null };

/** Shares a list with a member of the tenant, or by a link sent to an email address. */
export class GrantContractorListShareCommand extends Command<{ id: string; token: string | null }> {
  constructor(
    readonly actor: Actor,
    readonly listId: string,
    readonly target: ShareTarget,
  ) {
    super();
  }
}
