import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { ContactRepository } from '../../../domain/contact.repository';
import { AttendanceViewers } from '../../attendance-viewer';
import { SetConsentCommand } from './set-consent.command';

/** Only the person (the contact's own user) gives or withdraws location consent. */
@CommandHandler(SetConsentCommand)
export class SetConsentHandler implements ICommandHandler<SetConsentCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: AttendanceViewers,
    private readonly contacts: ContactRepository,
  ) {}

  async execute(command: SetConsentCommand): Promise<void> {
    const viewer = await this.viewers.contact(command.actor);
    if (viewer.contactId !== command.contactId)
      throw new NotFoundError('contact', command.contactId);
    await this.db.transaction(async () => {
      const contact = await this.contacts.findById(viewer.tenantId, command.contactId);
      if (!contact) throw new NotFoundError('contact', command.contactId);
      if (command.granted) contact.grantConsent();
      else contact.withdrawConsent();
      await this.contacts.save(contact);
    });
  }
}
