import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { UnknownAiJobTargetError } from '../../../domain/crm.errors';
import { PropertyRepository } from '../../../domain/property.repository';
import { ReDocumentRepository } from '../../../domain/re-document.repository';
import { investorOf } from '../../crm-investor';
import { LinkDocumentCommand } from './link-document.command';

/** Links the investor's document to another of their properties (package deals). */
@CommandHandler(LinkDocumentCommand)
export class LinkDocumentHandler implements ICommandHandler<LinkDocumentCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly documents: ReDocumentRepository,
    private readonly properties: PropertyRepository,
  ) {}

  async execute(command: LinkDocumentCommand): Promise<void> {
    const investor = investorOf(command.actor);
    await this.db.transaction(async () => {
      const owner = await this.documents.ownerOf(investor.workspaceId, command.documentId);
      if (owner !== investor.userId) throw new NotFoundError('document', command.documentId);
      const p = await this.properties.findLive(investor.workspaceId, command.propertyId);
      if (p?.snapshot.userId !== investor.userId) throw new UnknownAiJobTargetError('propertyId');
      await this.documents.link(
        investor.workspaceId,
        command.documentId,
        command.propertyId,
        command.isPrimary,
      );
    });
  }
}
