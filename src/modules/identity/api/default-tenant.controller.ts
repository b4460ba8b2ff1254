import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Route } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { SetDefaultTenantCommand } from '../application/commands/set-default-tenant/set-default-tenant.command';
import { SetDefaultTenantRequestDto } from './dto/membership.dto';

@ApiTags('me')
@ApiBearerAuth('bearer')
@Controller('me')
export class DefaultTenantController {
  constructor(private readonly commands: CommandBus) {}

  @Route.Action({
    path: 'default-tenant',
    summary: 'Choose your default tenant',
    description:
      'The tenant a login without tenantId acts in. It must be a live membership of yours (else 403); the previous default is cleared.',
  })
  async setDefault(
    @CurrentActor() actor: Actor,
    @Body() body: SetDefaultTenantRequestDto,
  ): Promise<void> {
    await this.commands.execute(new SetDefaultTenantCommand(actor, body.tenantId));
  }
}
