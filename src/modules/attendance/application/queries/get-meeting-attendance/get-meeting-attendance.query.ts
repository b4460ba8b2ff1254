import type { Actor } from '@opsledger/persistence';

export class GetMeetingAttendanceQuery {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
  ) {}
}
