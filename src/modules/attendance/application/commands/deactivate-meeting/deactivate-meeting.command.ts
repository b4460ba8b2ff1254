import type { Actor } from '@opsledger/persistence';

export class DeactivateMeetingCommand {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
    readonly expectedVersion: number | undefined,
  ) {}
}
