import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { UnknownDocumentReferenceError } from '../../../domain/crm.errors';
import { LeadDocumentRepository } from '../../../domain/lead-document.repository';
import { LeadRepository } from '../../../domain/lead.repository';
import { investorOf } from '../../crm-investor';
import { ownedLead } from '../../owned-lead';
import { CrmReader } from '../../queries/crm.reader';
import { AddLeadDocumentCommand } from './add-lead-document.command';

/**
 * Files one of the investor's stored documents among a lead's papers (spec 002's
 * re_lead_documents, typed by lead_document_type): the row points at the same stored bytes.
 * The lead must be the investor's own live lead (404, or 403 for an admin), the document the
 * investor's own (422 otherwise).
 */
@CommandHandler(AddLeadDocumentCommand)
export class AddLeadDocumentHandler implements ICommandHandler<
  AddLeadDocumentCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly leads: LeadRepository,
    private readonly reader: CrmReader,
    private readonly leadDocuments: LeadDocumentRepository,
  ) {}

  async execute(command: AddLeadDocumentCommand): Promise<{ id: string }> {
    const investor = investorOf(command.actor);
    return this.db.transaction(async () => {
      await ownedLead(this.leads, investor, command.leadId);
      const file = await this.reader.documentFile(
        { ...investor, isAdmin: false },
        command.documentId,
      );
      if (!file) throw new UnknownDocumentReferenceError();
      const id = randomUUID();
      await this.leadDocuments.add({
        id,
        tenantId: investor.workspaceId,
        leadId: command.leadId,
        documentId: file.id,
        type: command.type,
        title: command.title?.trim() || file.title,
        fileUrl: file.fileUrl,
        fileSize: file.fileSize,
      });
      return { id };
    });
  }
}
