import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ErasureRequestRepository } from '../../../domain/erasure-request.repository';
import { mayFollow } from '../../erasure-access';
import { CancelErasureCommand } from './cancel-erasure.command';

@CommandHandler(CancelErasureCommand)
export class CancelErasureHandler implements ICommandHandler<CancelErasureCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly requests: ErasureRequestRepository,
  ) {}

  async execute({ actor, requestId }: CancelErasureCommand): Promise<void> {
    await this.db.transaction(async () => {
      const request = await this.requests.findById(requestId);
      if (!request || !mayFollow(actor, request.snapshot.userId))
        throw new NotFoundError('erasure request', requestId);
      request.cancel(actor.id);
      await this.requests.save(request);
    });
  }
}
