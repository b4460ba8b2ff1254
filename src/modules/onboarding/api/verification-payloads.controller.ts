import { Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '@opsledger/auth';
import { PageQuery, Route, UuidParam } from '@opsledger/http';
import type { Actor } from '@opsledger/persistence';
import { WebhookReceipt } from '../application/commands/receive-provider-webhook/receive-provider-webhook.command';
import { ReplayVerificationPayloadCommand } from '../application/commands/replay-verification-payload/replay-verification-payload.command';
import { ListVerificationPayloadsQuery } from '../application/queries/list-verification-payloads/list-verification-payloads.query';
import type { StoredVerificationPayload } from '../application/verification-payloads.port';
import {
  VerificationPayloadPageResponseDto,
  WebhookReceiptResponseDto,
} from './dto/verification-payload.dto';

@ApiTags('onboarding')
@ApiBearerAuth('bearer')
@Controller()
export class VerificationPayloadsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route.List({
    path: 'contractors/:contractorId/verification-payloads',
    summary: "Provider payloads stored for a contractor's policies and accounts, newest first",
    description: 'Reviewers (tenant owner, admin) only.',
    type: VerificationPayloadPageResponseDto,
  })
  list(
    @CurrentActor() actor: Actor,
    @UuidParam('contractorId') contractorId: string,
    @Query() page: PageQuery,
  ): Promise<{
    items: Array<Omit<StoredVerificationPayload, 'tenantId'>>;
    nextCursor: string | null;
  }> {
    return this.queries.execute(
      new ListVerificationPayloadsQuery(actor, contractorId, {
        limit: page.limit ?? 20,
        cursor: page.cursor,
      }),
    );
  }

  @Route.Action({
    path: 'onboarding/verification-payloads/:payloadId/replay',
    summary: 'Re-apply a stored provider payload',
    description:
      'Reviewers only. Idempotent: a policy or account already in the state the payload gives is left as it ' +
      'is (`already-applied`, no new ledger event); each replay is noted on the payload.',
    type: WebhookReceiptResponseDto,
    status: 200,
    idempotent: false,
  })
  replay(
    @CurrentActor() actor: Actor,
    @UuidParam('payloadId') payloadId: string,
  ): Promise<WebhookReceipt> {
    return this.commands.execute(new ReplayVerificationPayloadCommand(actor, payloadId));
  }
}
