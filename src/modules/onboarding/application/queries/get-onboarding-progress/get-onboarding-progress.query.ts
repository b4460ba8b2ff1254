import type { Actor } from '@opsledger/persistence';

export class GetOnboardingProgressQuery {
  constructor(
    readonly actor: Actor,
    readonly contractorId: string,
  ) {}
}
