import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@opsledger/auth';
import { IfMatch, Page, Route, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
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

/** The caller's vault. Keys go in; only metadata and the last four characters come out. */
@ApiTags('api-keys')
@ApiBearerAuth('bearer')
@Controller('me/api-keys')
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.Create({
    summary: 'Store a key for a service (one per service; as many as your plan allows)',
    type: ApiKeyResponseDto,
    problems: [422],
    location: (key: ApiKeyView) => `/api/v1/me/api-keys/${key.service}`,
  })
  async store(
    @CurrentActor() actor: Actor,
    @Body() body: StoreApiKeyRequestDto,
  ): Promise<ApiKeyView> {
    await this.commands.execute(
      new StoreApiKeyCommand(actor, body.service, ApiKeySecret.of(body.key)),
    );
    return this.queries.execute<GetApiKeyQuery, ApiKeyView>(
      new GetApiKeyQuery(actor, body.service),
    );
  }

  @Route.List({
    summary: 'Your keys: metadata and last four characters only',
    type: ApiKeyPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ListApiKeysQueryDto,
  ): Promise<Page<ApiKeyView>> {
    return this.queries.execute(
      new ListApiKeysQuery(actor, vaultOwnerOf(actor), query.limit ?? 20, query.cursor),
    );
  }

  @Route.Read({
    path: ':service',
    summary: 'Your key for one service (metadata)',
    description: 'Answers an ETag for If-Match.',
    type: ApiKeyResponseDto,
  })
  @ApiParam(SERVICE_PARAM)
  async get(
    @CurrentActor() actor: Actor,
    @ApiKeyServiceParam() service: ApiKeyService,
  ): Promise<ApiKeyView> {
    return this.queries.execute<GetApiKeyQuery, ApiKeyView>(new GetApiKeyQuery(actor, service));
  }

  @Route.Update({
    path: ':service',
    summary: 'Replace your key for a service; its health starts over as active',
    type: ApiKeyResponseDto,
    ifMatch: true,
    method: 'PUT',
  })
  @ApiParam(SERVICE_PARAM)
  async replace(
    @CurrentActor() actor: Actor,
    @ApiKeyServiceParam() service: ApiKeyService,
    @Body() body: ReplaceApiKeyRequestDto,
    @IfMatch() ifMatch?: number,
  ): Promise<ApiKeyView> {
    await this.commands.execute(
      new ReplaceApiKeyCommand(actor, service, ApiKeySecret.of(body.key), ifMatch),
    );
    return this.queries.execute<GetApiKeyQuery, ApiKeyView>(new GetApiKeyQuery(actor, service));
  }

  @Route.Delete({ path: ':service', summary: 'Delete your key for a service', ifMatch: true })
  @ApiParam(SERVICE_PARAM)
  async remove(
    @CurrentActor() actor: Actor,
    @ApiKeyServiceParam() service: ApiKeyService,
    @IfMatch() ifMatch?: number,
  ): Promise<void> {
    await this.commands.execute(new RemoveApiKeyCommand(actor, service, ifMatch));
  }

  @Route.Action({
    path: ':service/check',
    summary: 'Check your key’s health and record the result',
    description:
      'The key is decrypted on the server only. The default checker verifies its format, offline.',
    type: ApiKeyCheckResponseDto,
  })
  @ApiParam(SERVICE_PARAM)
  async check(
    @CurrentActor() actor: Actor,
    @ApiKeyServiceParam() service: ApiKeyService,
  ): Promise<ApiKeyView & HealthCheckResult> {
    const result = await this.commands.execute<CheckApiKeyCommand, HealthCheckResult>(
      new CheckApiKeyCommand(actor, service),
    );
    const key = await this.queries.execute<GetApiKeyQuery, ApiKeyView>(
      new GetApiKeyQuery(actor, service),
    );
    return { ...key, healthy: result.healthy, reason: result.reason };
  }
}

/** Platform admins read any user's key metadata (spec 002: admins view, read-only). */
@ApiTags('api-keys')
@ApiBearerAuth('bearer')
@Controller('users')
export class UserApiKeysController {
  constructor(private readonly queries: QueryBus) {}

  @Route.List({
    path: ':id/api-keys',
    summary: 'A user’s keys: metadata and last four characters only (platform admin)',
    type: ApiKeyPageResponseDto,
  })
  @Roles('admin')
  list(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Query() query: ListApiKeysQueryDto,
  ): Promise<Page<ApiKeyView>> {
    return this.queries.execute(new ListApiKeysQuery(actor, id, query.limit ?? 20, query.cursor));
  }
}
