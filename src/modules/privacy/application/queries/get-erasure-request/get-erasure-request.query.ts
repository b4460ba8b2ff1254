import { Query } from '@nestjs/cqrs';
import type { Actor } from '@opsledger/persistence';
import { ErasureRequestView } from '../erasure-request.read-model';

/** One request, by id, or with `own` the actor's latest; visible to its user and to admins. */
export class GetErasureRequestQuery extends Query<ErasureRequestView> {
  constructor(
    readonly actor: Actor,
    readonly target: { id: string } | { own: true },
  ) {
    super();
  }
}
