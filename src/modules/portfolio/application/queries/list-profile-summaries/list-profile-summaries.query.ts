import { Query } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import { ProfileSummaryView } from '../contractor-profile.read-model';

export class ListProfileSummariesQuery extends Query<ProfileSummaryView[]> {
  constructor(
    readonly actor: Actor,
    readonly filter: { state?: string; naics?: string },
  ) {
    super();
  }
}
