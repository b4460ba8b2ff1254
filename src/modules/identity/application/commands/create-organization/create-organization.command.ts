import type { Actor } from '@opsledger/persistence';

export class CreateOrganizationCommand {
  constructor(
    readonly actor: Actor,
    readonly name: string,
    readonly slug: string,
    readonly description: string | null,
  ) {}
}
