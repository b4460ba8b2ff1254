import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { AttendanceViewers } from '../../attendance-viewer';
import { NearbyMeetingView } from '../attendance.read-model';
import { AttendanceReader } from '../attendance.reader';
import { ListNearbyMeetingsQuery } from './list-nearby-meetings.query';

@QueryHandler(ListNearbyMeetingsQuery)
export class ListNearbyMeetingsHandler implements IQueryHandler<
  ListNearbyMeetingsQuery,
  { items: NearbyMeetingView[] }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly reader: AttendanceReader,
  ) {}

  async execute(query: ListNearbyMeetingsQuery): Promise<{ items: NearbyMeetingView[] }> {
    const { tenantId } = await this.viewers.resolve(query.actor);
    const items = await this.db.read(() =>
      this.reader.nearbyMeetings(
        tenantId,
        { lat: query.lat, lng: query.lng },
        query.radiusMeters,
        query.limit,
      ),
    );
    return { items };
  }
}
