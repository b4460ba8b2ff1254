import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { LeadRepository } from '../../../domain/lead.repository';
import { investorOf } from '../../crm-investor';
import { ownedLead } from '../../owned-lead';
import { DeleteLeadCommand } from './delete-lead.command';

/** Soft delete: the lead disappears from every read and frees its email and phone. */
@CommandHandler(DeleteLeadCommand)
export class DeleteLeadHandler implements ICommandHandler<DeleteLeadCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly leads: LeadRepository,
  ) {}

  async execute(command: DeleteLeadCommand): Promise<void> {
    const investor = investorOf(command.actor);
    await this.db.transaction(async () => {
      const lead = await ownedLead(this.leads, investor, command.leadId);
      assertVersion(lead, command.ifMatch);
      lead.delete();
      await this.leads.save(lead);
    });
  }
}
