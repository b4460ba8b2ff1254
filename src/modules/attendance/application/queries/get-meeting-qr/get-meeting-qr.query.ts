import type { Actor } from '@opsledger/persistence';

export class GetMeetingQrQuery {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
  ) {}
}
