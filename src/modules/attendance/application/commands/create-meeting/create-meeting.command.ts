import type { Actor } from '@opsledger/persistence';

export interface MeetingFields {
  name: string;
  description?: string | null;
  address: string;
  lat: number;
  lng: number;
  radiusMeters?: number;
  startTime?: Date | null;
  endTime?: Date | null;
}

export class CreateMeetingCommand {
  constructor(
    readonly actor: Actor,
    readonly fields: MeetingFields,
  ) {}
}
