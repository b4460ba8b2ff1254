import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { IdentityDirectory } from '../../../../identity/identity.public';
import { ErasureRequest } from '../../../domain/erasure-request.aggregate';
import { ErasureRequestRepository } from '../../../domain/erasure-request.repository';
import {
  ErasureAlreadyRequestedError,
  ErasureUserNotFoundError,
  ErasureForbiddenError,
} from '../../../domain/erasure.errors';
import { isPlatformAdmin } from '../../erasure-access';
import { ERASURE_OPTIONS, ErasureOptions } from '../../erasure-options';
import { ErasureRequestReader } from '../../queries/erasure-request.reader';
import { RequestErasureCommand } from './request-erasure.command';

@CommandHandler(RequestErasureCommand)
export class RequestErasureHandler implements ICommandHandler<RequestErasureCommand, string> {
  constructor(
    private readonly db: Db,
    private readonly requests: ErasureRequestRepository,
    private readonly reader: ErasureRequestReader,
    private readonly directory: IdentityDirectory,
    @Inject(ERASURE_OPTIONS) private readonly options: ErasureOptions,
  ) {}

  async execute({ actor, userId, via }: RequestErasureCommand): Promise<string> {
    const allowed =
      via === 'admin' ? isPlatformAdmin(actor) : actor.type === 'user' && actor.id === userId;
    if (!allowed) throw new ErasureForbiddenError();
    if (!(await this.directory.findUser(userId))) throw new ErasureUserNotFoundError();
    return this.db.transaction(async () => {
      if (await this.reader.hasOpen(userId)) throw new ErasureAlreadyRequestedError(userId);
      const request = ErasureRequest.request({
        id: randomUUID(),
        userId,
        via,
        requestedBy: actor.id,
        gracePeriodMs: via === 'self' ? this.options.gracePeriodMs : 0,
      });
      await this.requests.save(request);
      return request.id;
    });
  }
}
