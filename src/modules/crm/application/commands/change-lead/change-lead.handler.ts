import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { LeadRepository } from '../../../domain/lead.repository';
import { investorOf } from '../../crm-investor';
import { ownedLead } from '../../owned-lead';
import { ChangeLeadCommand } from './change-lead.command';

/** Each kind of change is its own fact in the ledger (details, score, tags, status, opt-in). */
@CommandHandler(ChangeLeadCommand)
export class ChangeLeadHandler implements ICommandHandler<ChangeLeadCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly leads: LeadRepository,
  ) {}

  async execute(command: ChangeLeadCommand): Promise<void> {
    const investor = investorOf(command.actor);
    const { name, email, phone, company, score, tags, status, optStatus } = command.changes;
    await this.db.transaction(async () => {
      const lead = await ownedLead(this.leads, investor, command.leadId);
      assertVersion(lead, command.ifMatch);
      lead.reviseDetails({ name, email, phone, company });
      if (score !== undefined) lead.rescore(score);
      if (tags !== undefined) lead.retag(tags);
      if (status !== undefined) lead.moveTo(status);
      if (optStatus !== undefined) lead.setOptStatus(optStatus);
      await this.leads.save(lead);
    });
  }
}
