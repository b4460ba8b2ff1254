import type { Actor } from '@opsledger/persistence';

export interface MeetingFilter {
  /** Only active (true) or only cancelled (false) meetings; both when undefined. */
  active?: boolean;
  /** Meetings whose window reaches past `from` (an open end always does). */
  from?: Date;
  /** Meetings whose window starts before `to` (an open start always does). */
  to?: Date;
  /** Case-insensitive text in the name or the address. */
  q?: string;
}

export class ListMeetingsQuery {
  constructor(
    readonly actor: Actor,
    readonly filter: MeetingFilter,
    readonly limit: number,
    readonly cursor: string | undefined,
  ) {}
}
