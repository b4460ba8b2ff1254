import type { Actor } from '@opsledger/persistence';

export class GetMeetingQuery {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
  ) {}
}
