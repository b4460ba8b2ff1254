import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assertVersion, NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ContactRepository } from '../../../domain/contact.repository';
import { AttendanceViewers } from '../../attendance-viewer';
import { ChangeContactCommand } from './change-contact.command';

/** A coordinator corrects a contact's details; a taken email is the unique index's 409. */
@CommandHandler(ChangeContactCommand)
export class ChangeContactHandler implements ICommandHandler<ChangeContactCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly contacts: ContactRepository,
  ) {}

  async execute(command: ChangeContactCommand): Promise<void> {
    const { tenantId } = await this.viewers.coordinator(command.actor);
    await this.db.transaction(async () => {
      const contact = await this.contacts.findById(tenantId, command.contactId);
      if (!contact) throw new NotFoundError('contact', command.contactId);
      assertVersion(contact, command.expectedVersion);
      contact.change(command.changes);
      await this.contacts.save(contact);
    });
  }
}
