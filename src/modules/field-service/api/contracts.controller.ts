import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { Page, Route, Target } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { ActivateContractCommand } from '../application/commands/activate-contract/activate-contract.command';
import { CreateContractCommand } from '../application/commands/create-contract/create-contract.command';
import { DeleteContractCommand } from '../application/commands/delete-contract/delete-contract.command';
import { ReviseContractCommand } from '../application/commands/revise-contract/revise-contract.command';
import { SetContractActiveCommand } from '../application/commands/set-contract-active/set-contract-active.command';
import { SweepExpiredContractsCommand } from '../application/commands/sweep-expired-contracts/sweep-expired-contracts.command';
import { TerminateContractCommand } from '../application/commands/terminate-contract/terminate-contract.command';
import { GetContractQuery } from '../application/queries/get-contract/get-contract.query';
import { ListContractsQuery } from '../application/queries/list-contracts/list-contracts.query';
import { ContractView } from '../application/queries/contract.read-model';
import {
  ContractExpiryRunResponseDto,
  ContractPageResponseDto,
  ContractResponseDto,
  CreateContractRequestDto,
  ListContractsQueryDto,
  UpdateContractRequestDto,
} from './dto/contract.dto';

/**
 * Service contracts (spec 003). Dispatchers do everything in the tenant; a customer's user
 * reads its own contracts (another customer's is a 404); technicians see none (403).
 */
@ApiTags('field-service')
@ApiBearerAuth('bearer')
@Controller('contracts')
export class ContractsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Draft a contract (dispatcher)',
    description:
      'contractNumber is chosen by the client and unique in the tenant (409 naming it otherwise); endDate must be after startDate.',
    type: ContractResponseDto,
    problems: [422],
  })
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateContractRequestDto,
  ): Promise<ContractView> {
    const { id } = await this.commands.execute<CreateContractCommand, { id: string }>(
      new CreateContractCommand(actor, {
        contractNumber: body.contractNumber,
        customerId: body.customerId,
        startDate: body.startDate,
        endDate: body.endDate,
        terms: body.terms ?? null,
        value: body.value,
        billingCycle: body.billingCycle,
      }),
    );
    return this.queries.execute(new GetContractQuery(actor, id));
  }

  @Route.Action({
    path: 'expire-ended',
    summary: 'Run the expiry job now for your tenant (dispatcher)',
    description:
      'Expires every active contract whose end date has passed (UTC), as the system; the same job runs on a schedule.',
    type: ContractExpiryRunResponseDto,
    unitOfWork: false,
  })
  async expireEnded(@CurrentActor() actor: Actor): Promise<ContractExpiryRunResponseDto> {
    const contractIds = await this.commands.execute<SweepExpiredContractsCommand, string[]>(
      new SweepExpiredContractsCommand(actor),
    );
    return { transitioned: contractIds.length, contractIds };
  }

  @Route.List({
    summary: 'List contracts (a customer sees only its own)',
    type: ContractPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListContractsQueryDto,
  ): Promise<Page<ContractView>> {
    const { status, customerId, billingCycle, endsBefore, endsAfter, isActive } = query;
    return this.queries.execute(
      new ListContractsQuery(
        actor,
        { status, customerId, billingCycle, endsBefore, endsAfter, isActive },
        query.sort ?? '-createdAt',
        query.limit ?? 20,
        query.cursor,
      ),
    );
  }

  @Route.Read({
    path: ':id',
    summary: 'Read one contract',
    description: 'Answers an ETag to send back as If-Match when changing it.',
    type: ContractResponseDto,
  })
  get(@Target() { actor, id }: Target): Promise<ContractView> {
    return this.queries.execute(new GetContractQuery(actor, id));
  }

  @Route.Update({
    path: ':id',
    summary: 'Change a draft’s dates, terms, value or billing cycle (dispatcher)',
    description: 'Anything but a draft is a 409 listing the allowed transitions.',
    type: ContractResponseDto,
    ifMatch: true,
    problems: [422],
  })
  async update(
    @Target() { actor, id, ifMatch }: Target,
    @Body() body: UpdateContractRequestDto,
  ): Promise<ContractView> {
    const changes = {
      startDate: body.startDate,
      endDate: body.endDate,
      terms: body.terms,
      value: body.value,
      billingCycle: body.billingCycle,
    };
    await this.commands.execute(new ReviseContractCommand(actor, id, changes, ifMatch));
    return this.queries.execute(new GetContractQuery(actor, id));
  }

  @Route.Action({
    path: ':id/activate',
    summary:
      'Put a draft into force (dispatcher): draft → active; refused once its end date has passed',
    type: ContractResponseDto,
    ifMatch: true,
    problems: [422],
  })
  async activate(@Target() { actor, id, ifMatch }: Target): Promise<ContractView> {
    await this.commands.execute(new ActivateContractCommand(actor, id, ifMatch));
    return this.queries.execute(new GetContractQuery(actor, id));
  }

  @Route.Action({
    path: ':id/terminate',
    summary: 'End an active contract early (dispatcher): active → terminated',
    type: ContractResponseDto,
    ifMatch: true,
  })
  async terminate(@Target() { actor, id, ifMatch }: Target): Promise<ContractView> {
    await this.commands.execute(new TerminateContractCommand(actor, id, ifMatch));
    return this.queries.execute(new GetContractQuery(actor, id));
  }

  @Route.Action({
    path: ':id/deactivate',
    summary: 'Archive (dispatcher): isActive = false; an archived contract does not change',
    type: ContractResponseDto,
    ifMatch: true,
  })
  async deactivate(@Target() { actor, id, ifMatch }: Target): Promise<ContractView> {
    await this.commands.execute(new SetContractActiveCommand(actor, id, false, ifMatch));
    return this.queries.execute(new GetContractQuery(actor, id));
  }

  @Route.Action({
    path: ':id/reactivate',
    summary: 'Restore an archived contract (dispatcher): isActive = true',
    type: ContractResponseDto,
    ifMatch: true,
  })
  async reactivate(@Target() { actor, id, ifMatch }: Target): Promise<ContractView> {
    await this.commands.execute(new SetContractActiveCommand(actor, id, true, ifMatch));
    return this.queries.execute(new GetContractQuery(actor, id));
  }

  @Route.Delete({
    path: ':id',
    summary: 'Delete a draft for good (dispatcher); anything else is a 409',
    ifMatch: true,
  })
  async remove(@Target() { actor, id, ifMatch }: Target): Promise<void> {
    await this.commands.execute(new DeleteContractCommand(actor, id, ifMatch));
  }
}
