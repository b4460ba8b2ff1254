import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db, RequestContext } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Consent } from '../../../domain/consent.aggregate';
import { ConsentRepository } from '../../../domain/consent.repository';
import { userActor } from '../../user-actor';
import { GrantConsentCommand } from './grant-consent.command';

/** Runs as the user, so row-level security lets them write their own consent only. */
@CommandHandler(GrantConsentCommand)
export class GrantConsentHandler implements ICommandHandler<GrantConsentCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly consents: ConsentRepository,
  ) {}

  async execute(command: GrantConsentCommand): Promise<void> {
    await this.context.run(userActor(command.userId, command.sessionId), () =>
      this.db.transaction(async () => {
        const existing = await this.consents.findByUserAndClient(command.userId, command.clientId);
        const consent =
          existing ??
          Consent.give({
            id: randomUUID(),
            userId: command.userId,
            clientId: command.clientId,
            scopes: command.scopes,
          });
        if (existing) existing.grant(command.scopes);
        await this.consents.save(consent);
      }),
    );
  }
}
