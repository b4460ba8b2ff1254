import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { LeadRepository } from '../../../domain/lead.repository';
import { investorOf } from '../../crm-investor';
import { ownedLead } from '../../owned-lead';
import { RecordLeadOutreachCommand } from './record-lead-outreach.command';

/**
 * Outreach is a contact attempt (SMS, email or call) recorded against the lead before it is
 * made; an opted-out lead refuses it (422 LEAD.OPTED_OUT) and nothing is recorded.
 */
@CommandHandler(RecordLeadOutreachCommand)
export class RecordLeadOutreachHandler implements ICommandHandler<RecordLeadOutreachCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly leads: LeadRepository,
  ) {}

  async execute(command: RecordLeadOutreachCommand): Promise<void> {
    const investor = investorOf(command.actor);
    await this.db.transaction(async () => {
      const lead = await ownedLead(this.leads, investor, command.leadId);
      lead.recordOutreach(command.channel, command.note);
      await this.leads.save(lead);
    });
  }
}
