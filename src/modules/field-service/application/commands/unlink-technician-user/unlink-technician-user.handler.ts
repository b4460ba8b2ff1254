import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, assertVersion } from '@opsledger/ddd';
import { Db } from '@opsledger/persistence';
import { TechnicianRepository } from '../../../domain/technician.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { UnlinkTechnicianUserCommand } from './unlink-technician-user.command';

@CommandHandler(UnlinkTechnicianUserCommand)
export class UnlinkTechnicianUserHandler implements ICommandHandler<
  UnlinkTechnicianUserCommand,
  void
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly technicians: TechnicianRepository,
  ) {}

  async execute(command: UnlinkTechnicianUserCommand): Promise<void> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    await this.db.transaction(async () => {
      const technician = await this.technicians.findById(tenantId, command.technicianId);
      if (!technician) throw new NotFoundError('technician', command.technicianId);
      assertVersion(technician, command.expectedVersion);
      technician.unlinkPortalUser();
      await this.technicians.save(technician);
    });
  }
}
