import type { Actor } from '@opsledger/persistence';

export class StartSessionCommand {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
    readonly notes?: string | null,
  ) {}
}
