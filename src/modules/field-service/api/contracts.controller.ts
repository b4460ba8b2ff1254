import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { ApiProblems, etagOf, IfMatch, Page, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
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

const ETAG = { ETag: { schema: { type: 'string' } } };
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag from GET; a stale one is a 412',
};

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

  @Post()
  @ApiOperation({
    summary: 'Draft a contract (dispatcher)',
    description:
      'contractNumber is chosen by the client and unique in the tenant (409 naming it otherwise); endDate must be after startDate.',
  })
  @ApiCreatedResponse({
    type: ContractResponseDto,
    headers: { Location: { schema: { type: 'string' } }, ...ETAG },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry return the first response',
  })
  @ApiProblems(400, 401, 403, 409, 422)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: CreateContractRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
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
    const contract = await this.answer(actor, id, reply);
    void reply.header('location', `/api/v1/contracts/${id}`);
    return contract;
  }

  @Post('expire-ended')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run the expiry job now for your tenant (dispatcher)',
    description:
      'Expires every active contract whose end date has passed (UTC), as the system; the same job runs on a schedule.',
  })
  @ApiOkResponse({ type: ContractExpiryRunResponseDto })
  @ApiProblems(401, 403)
  async expireEnded(@CurrentActor() actor: Actor): Promise<ContractExpiryRunResponseDto> {
    const contractIds = await this.commands.execute<SweepExpiredContractsCommand, string[]>(
      new SweepExpiredContractsCommand(actor),
    );
    return { transitioned: contractIds.length, contractIds };
  }

  @Get()
  @ApiOperation({ summary: 'List contracts (a customer sees only its own)' })
  @ApiOkResponse({ type: ContractPageResponseDto })
  @ApiProblems(400, 401, 403)
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

  @Get(':id')
  @ApiOperation({
    summary: 'Read one contract',
    description: 'Answers an ETag to send back as If-Match when changing it.',
  })
  @ApiOkResponse({ type: ContractResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404)
  get(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContractView> {
    return this.answer(actor, id, reply);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a draft’s dates, terms, value or billing cycle (dispatcher)',
    description: 'Anything but a draft is a 409 listing the allowed transitions.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ContractResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async update(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Body() body: UpdateContractRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContractView> {
    const changes = {
      startDate: body.startDate,
      endDate: body.endDate,
      terms: body.terms,
      value: body.value,
      billingCycle: body.billingCycle,
    };
    await this.commands.execute(new ReviseContractCommand(actor, id, changes, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Put a draft into force (dispatcher): draft → active; refused once its end date has passed',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ContractResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412, 422)
  async activate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new ActivateContractCommand(actor, id, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Post(':id/terminate')
  @HttpCode(200)
  @ApiOperation({ summary: 'End an active contract early (dispatcher): active → terminated' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ContractResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async terminate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new TerminateContractCommand(actor, id, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Archive (dispatcher): isActive = false; an archived contract does not change',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ContractResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412)
  async deactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new SetContractActiveCommand(actor, id, false, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore an archived contract (dispatcher): isActive = true' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ContractResponseDto, headers: ETAG })
  @ApiProblems(400, 401, 403, 404, 412)
  async reactivate(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.commands.execute(new SetContractActiveCommand(actor, id, true, ifMatch));
    return this.answer(actor, id, reply);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft for good (dispatcher); anything else is a 409' })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async remove(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<void> {
    await this.commands.execute(new DeleteContractCommand(actor, id, ifMatch));
  }

  private async answer(actor: Actor, id: string, reply: FastifyReply): Promise<ContractView> {
    const contract = await this.queries.execute<GetContractQuery, ContractView>(
      new GetContractQuery(actor, id),
    );
    void reply.header('etag', etagOf(contract.version));
    return contract;
  }
}
