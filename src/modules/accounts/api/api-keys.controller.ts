import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { ApiProblems, etagOf, IfMatch, Page, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import type { FastifyReply } from 'fastify';
import { CheckApiKeyCommand } from '../application/commands/check-api-key/check-api-key.command';
import { RemoveApiKeyCommand } from '../application/commands/remove-api-key/remove-api-key.command';
import { ReplaceApiKeyCommand } from '../application/commands/replace-api-key/replace-api-key.command';
import { StoreApiKeyCommand } from '../application/commands/store-api-key/store-api-key.command';
import { ApiKeyView } from '../application/queries/api-key.read-model';
import { GetApiKeyQuery } from '../application/queries/get-api-key/get-api-key.query';
import { ListApiKeysQuery } from '../application/queries/list-api-keys/list-api-keys.query';
import { vaultOwnerOf } from '../application/vault-access';
import { HealthCheckResult } from '../domain/api-key.aggregate';
import { ApiKeySecret } from '../domain/api-key-secret';
import { API_KEY_SERVICES, ApiKeyService } from '../domain/api-key-service';
import { ApiKeyServiceParam } from './api-key-service.param';
import {
  ApiKeyCheckResponseDto,
  ApiKeyPageResponseDto,
  ApiKeyResponseDto,
  ListApiKeysQueryDto,
  ReplaceApiKeyRequestDto,
  StoreApiKeyRequestDto,
} from './dto/api-key.dto';

const SERVICE_PARAM = { name: 'service', enum: API_KEY_SERVICES } as const;
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag from GET; a stale one is a 412',
} as const;

/** The caller's vault. Keys go in; only metadata and the last four characters come out. */
@ApiTags('api-keys')
@ApiBearerAuth('bearer')
@Controller('me/api-keys')
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Store a key for a service (one per service; as many as your plan allows)',
  })
  @ApiCreatedResponse({
    type: ApiKeyResponseDto,
    headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retry return the first response',
  })
  @ApiProblems(400, 401, 403, 409, 422)
  async store(
    @CurrentActor() actor: Actor,
    @Body() body: StoreApiKeyRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyView> {
    await this.commands.execute(
      new StoreApiKeyCommand(actor, body.service, ApiKeySecret.of(body.key)),
    );
    const key = await this.queries.execute<GetApiKeyQuery, ApiKeyView>(
      new GetApiKeyQuery(actor, body.service),
    );
    void reply
      .header('location', `/api/v1/me/api-keys/${key.service}`)
      .header('etag', etagOf(key.version));
    return key;
  }

  @Get()
  @ApiOperation({ summary: 'Your keys: metadata and last four characters only' })
  @ApiOkResponse({ type: ApiKeyPageResponseDto })
  @ApiProblems(400, 401, 403)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListApiKeysQueryDto,
  ): Promise<Page<ApiKeyView>> {
    return this.queries.execute(
      new ListApiKeysQuery(actor, vaultOwnerOf(actor), query.limit ?? 20, query.cursor),
    );
  }

  @Get(':service')
  @ApiParam(SERVICE_PARAM)
  @ApiOperation({
    summary: 'Your key for one service (metadata)',
    description: 'Answers an ETag for If-Match.',
  })
  @ApiOkResponse({ type: ApiKeyResponseDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @ApiKeyServiceParam() service: ApiKeyService,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyView> {
    const key = await this.queries.execute<GetApiKeyQuery, ApiKeyView>(
      new GetApiKeyQuery(actor, service),
    );
    void reply.header('etag', etagOf(key.version));
    return key;
  }

  @Put(':service')
  @ApiParam(SERVICE_PARAM)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Replace your key for a service; its health starts over as active' })
  @ApiOkResponse({ type: ApiKeyResponseDto, headers: { ETag: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async replace(
    @CurrentActor() actor: Actor,
    @ApiKeyServiceParam() service: ApiKeyService,
    @Body() body: ReplaceApiKeyRequestDto,
    @IfMatch() ifMatch: number | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyView> {
    const expected = ifMatch;
    await this.commands.execute(
      new ReplaceApiKeyCommand(actor, service, ApiKeySecret.of(body.key), expected),
    );
    const key = await this.queries.execute<GetApiKeyQuery, ApiKeyView>(
      new GetApiKeyQuery(actor, service),
    );
    void reply.header('etag', etagOf(key.version));
    return key;
  }

  @Delete(':service')
  @HttpCode(204)
  @ApiParam(SERVICE_PARAM)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Delete your key for a service' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409, 412)
  async remove(
    @CurrentActor() actor: Actor,
    @ApiKeyServiceParam() service: ApiKeyService,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<void> {
    await this.commands.execute(new RemoveApiKeyCommand(actor, service, ifMatch));
  }

  @Post(':service/check')
  @HttpCode(200)
  @ApiParam(SERVICE_PARAM)
  @ApiOperation({
    summary: 'Check your key’s health and record the result',
    description:
      'The key is decrypted on the server only. The default checker verifies its format, offline.',
  })
  @ApiOkResponse({ type: ApiKeyCheckResponseDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async check(
    @CurrentActor() actor: Actor,
    @ApiKeyServiceParam() service: ApiKeyService,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyView & HealthCheckResult> {
    const result = await this.commands.execute<CheckApiKeyCommand, HealthCheckResult>(
      new CheckApiKeyCommand(actor, service),
    );
    const key = await this.queries.execute<GetApiKeyQuery, ApiKeyView>(
      new GetApiKeyQuery(actor, service),
    );
    void reply.header('etag', etagOf(key.version));
    return { ...key, healthy: result.healthy, reason: result.reason };
  }
}

/** Platform admins read any user's key metadata (spec 002: admins view, read-only). */
@ApiTags('api-keys')
@ApiBearerAuth('bearer')
@Controller('users')
export class UserApiKeysController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/api-keys')
  @Roles('admin')
  @ApiOperation({
    summary: 'A user’s keys: metadata and last four characters only (platform admin)',
  })
  @ApiOkResponse({ type: ApiKeyPageResponseDto })
  @ApiProblems(400, 401, 403, 404)
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: ListApiKeysQueryDto,
  ): Promise<Page<ApiKeyView>> {
    return this.queries.execute(new ListApiKeysQuery(actor, id, query.limit ?? 20, query.cursor));
  }
}
