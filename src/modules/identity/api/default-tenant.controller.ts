import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { ApiProblems } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { SetDefaultTenantCommand } from '../application/commands/set-default-tenant/set-default-tenant.command';
import { SetDefaultTenantRequestDto } from './dto/membership.dto';

@ApiTags('me')
@ApiBearerAuth('bearer')
@Controller('me')
export class DefaultTenantController {
  constructor(private readonly commands: CommandBus) {}

  @Post('default-tenant')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Choose your default tenant',
    description:
      'The tenant a login without tenantId acts in. It must be a live membership of yours (else 403); the previous default is cleared.',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403)
  async setDefault(
    @CurrentActor() actor: Actor,
    @Body() body: SetDefaultTenantRequestDto,
  ): Promise<void> {
    await this.commands.execute(new SetDefaultTenantCommand(actor, body.tenantId));
  }
}
