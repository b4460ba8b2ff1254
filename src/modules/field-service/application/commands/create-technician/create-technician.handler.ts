import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@opsledger/persistence';
import { randomUUID } from 'node:crypto';
import { Technician } from '../../../domain/technician.aggregate';
import { TechnicianLicenseTakenError } from '../../../domain/technician.errors';
import { TechnicianRepository } from '../../../domain/technician.repository';
import { FieldServiceViewers } from '../../field-service-viewer';
import { CreateTechnicianCommand } from './create-technician.command';

@CommandHandler(CreateTechnicianCommand)
export class CreateTechnicianHandler implements ICommandHandler<
  CreateTechnicianCommand,
  { id: string }
> {
  constructor(
    private readonly db: Db,
    private readonly viewers: FieldServiceViewers,
    private readonly technicians: TechnicianRepository,
  ) {}

  async execute(command: CreateTechnicianCommand): Promise<{ id: string }> {
    const { tenantId } = await this.viewers.dispatcher(command.actor);
    return this.db.transaction(async () => {
      const technician = Technician.create({ id: randomUUID(), tenantId, ...command.fields });
      // the unique constraint answers a race the same way (409 naming licenseNumber)
      if (await this.technicians.licenseTaken(tenantId, technician.snapshot.licenseNumber))
        throw new TechnicianLicenseTakenError();
      await this.technicians.save(technician);
      return { id: technician.id };
    });
  }
}
