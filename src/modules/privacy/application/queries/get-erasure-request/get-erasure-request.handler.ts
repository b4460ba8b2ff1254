import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { mayFollow } from '../../erasure-access';
import { ErasureRequestView } from '../erasure-request.read-model';
import { ErasureRequestReader } from '../erasure-request.reader';
import { GetErasureRequestQuery } from './get-erasure-request.query';

@QueryHandler(GetErasureRequestQuery)
export class GetErasureRequestHandler implements IQueryHandler<GetErasureRequestQuery> {
  constructor(
    private readonly db: Db,
    private readonly reader: ErasureRequestReader,
  ) {}

  async execute({ actor, target }: GetErasureRequestQuery): Promise<ErasureRequestView> {
    const view = await this.db.read(() =>
      'own' in target ? this.reader.latestOf(actor.id ?? '') : this.reader.findById(target.id),
    );
    if (!view || !mayFollow(actor, view.userId))
      throw new NotFoundError('erasure request', 'id' in target ? target.id : undefined);
    return view;
  }
}
