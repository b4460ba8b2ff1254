import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { TechnicianRepository } from '../../../domain/technician.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { LinkTechnicianUserCommand } from './link-technician-user.command';

/** Makes a member of the tenant the technician's field login (spec 003's user-profile pattern). */
@CommandHandler(LinkTechnicianUserCommand)
export class LinkTechnicianUserHandler implements ICommandHandler<LinkTechnicianUserCommand, void> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly technicians: TechnicianRepository,
  ) {}

  async execute(command: LinkTechnicianUserCommand): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    await this.db.transaction(async () => {
      const technician = await this.technicians.findById(tenantId, command.technicianId);
      if (!technician) throw new NotFoundError('technician', command.technicianId);
      assertVersion(technician, command.expectedVersion);
      // an unknown account and a stranger to the tenant get the same answer: no enumeration
      technician.linkPortalUser(
        command.userId,
        await this.technicians.portalUserStanding(tenantId, command.userId, technician.id),
      );
      await this.technicians.save(technician);
    });
  }
}
