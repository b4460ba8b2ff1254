import type { Actor } from '@opsledger/persistence';
import type { MeetingChanges } from '../../../domain/meeting.aggregate';

export class ChangeMeetingCommand {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
    /** The version `If-Match` named, or undefined. */
    readonly expectedVersion: number | undefined,
    readonly changes: MeetingChanges,
  ) {}
}
