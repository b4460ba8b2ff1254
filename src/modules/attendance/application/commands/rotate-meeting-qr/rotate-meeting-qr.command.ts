import type { Actor } from '@opsledger/persistence';

export class RotateMeetingQrCommand {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
  ) {}
}
