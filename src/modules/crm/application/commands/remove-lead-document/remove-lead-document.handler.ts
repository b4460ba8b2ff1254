import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { LeadDocumentRepository } from '../../../domain/lead-document.repository';
import { LeadRepository } from '../../../domain/lead.repository';
import { investorOf } from '../../crm-investor';
import { ownedLead } from '../../owned-lead';
import { RemoveLeadDocumentCommand } from './remove-lead-document.command';

/** Takes a paper off the lead; the stored document itself stays (it may serve a deal). */
@CommandHandler(RemoveLeadDocumentCommand)
export class RemoveLeadDocumentHandler implements ICommandHandler<RemoveLeadDocumentCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly leads: LeadRepository,
    private readonly leadDocuments: LeadDocumentRepository,
  ) {}

  async execute(command: RemoveLeadDocumentCommand): Promise<void> {
    const investor = investorOf(command.actor);
    await this.db.transaction(async () => {
      await ownedLead(this.leads, investor, command.leadId);
      const removed = await this.leadDocuments.remove(
        investor.workspaceId,
        command.leadId,
        command.leadDocumentId,
      );
      if (!removed) throw new NotFoundError('lead document', command.leadDocumentId);
    });
  }
}
