import type { Actor } from '@opsledger/persistence';

export class ListNearbyMeetingsQuery {
  constructor(
    readonly actor: Actor,
    readonly lat: number,
    readonly lng: number,
    readonly radiusMeters: number,
    readonly limit: number,
  ) {}
}
