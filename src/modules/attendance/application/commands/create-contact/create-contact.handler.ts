import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Contact } from '../../../domain/contact.aggregate';
import { ContactRepository } from '../../../domain/contact.repository';
import { AttendanceViewers } from '../../attendance-viewer';
import { CreateContactCommand } from './create-contact.command';

/** A coordinator registers a contact; the unique indexes answer a taken email (409). */
@CommandHandler(CreateContactCommand)
export class CreateContactHandler implements ICommandHandler<CreateContactCommand, { id: string }> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly contacts: ContactRepository,
  ) {}

  async execute(command: CreateContactCommand): Promise<{ id: string }> {
    const { tenantId } = await this.viewers.coordinator(command.actor);
    return this.db.transaction(async () => {
      const contact = Contact.create({ id: randomUUID(), tenantId, ...command.fields });
      await this.contacts.save(contact);
      return { id: contact.id };
    });
  }
}
