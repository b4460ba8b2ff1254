import { Controller, Param, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Public } from '@opsledger/auth';
import { WEBHOOK_HEADERS } from '@opsledger/crypto';
import { RawBodyRoute, Route } from '@opsledger/http';
import type { FastifyRequest } from 'fastify';
import {
  ReceiveProviderWebhookCommand,
  WebhookReceipt,
} from '../application/commands/receive-provider-webhook/receive-provider-webhook.command';
import type { WebhookProvider } from '../domain/verification-payload';
import { WebhookProviderParamDto, WebhookReceiptResponseDto } from './dto/verification-payload.dto';

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The verification providers' signed webhooks. No bearer token: the HMAC signature over the
 * exact bytes (per-provider secret), the timestamp window and the one-delivery-once rule are
 * the authentication.
 */
@ApiTags('onboarding')
@Public()
@Controller('webhooks/onboarding')
export class ProviderWebhooksController {
  constructor(private readonly commands: CommandBus) {}

  @Route.Action({
    path: ':provider',
    summary: 'Receive a verification provider webhook (trustlayer, veriforce, plaid)',
    description:
      `Signed: \`${WEBHOOK_HEADERS.id}\` (delivery id), \`${WEBHOOK_HEADERS.timestamp}\` (Unix seconds) and ` +
      `\`${WEBHOOK_HEADERS.signature}: v1=<hex HMAC-SHA256 of "<id>.<timestamp>.<body>">\` under the provider's ` +
      'secret (WEBHOOK_SECRET_<PROVIDER>). A bad or missing signature, or a timestamp outside the window, is a ' +
      '401; a delivery id seen before is a 409 (replay). Every accepted payload is stored in ' +
      '`verification_payloads` and applied to the policy (trustlayer, veriforce) or bank account (plaid) it names.',
    type: WebhookReceiptResponseDto,
    status: 200,
    auth: false,
    idempotent: false,
    problems: [401, 404, 409, 413, 415],
  })
  @RawBodyRoute()
  @ApiHeader({ name: WEBHOOK_HEADERS.id, required: true })
  @ApiHeader({ name: WEBHOOK_HEADERS.timestamp, required: true })
  @ApiHeader({ name: WEBHOOK_HEADERS.signature, required: true })
  @ApiBody({ schema: { type: 'object', additionalProperties: true } })
  receive(
    @Param() { provider }: WebhookProviderParamDto,
    @Req() request: FastifyRequest,
  ): Promise<WebhookReceipt> {
    return this.commands.execute(
      new ReceiveProviderWebhookCommand(
        provider as WebhookProvider,
        {
          id: header(request, WEBHOOK_HEADERS.id),
          timestamp: header(request, WEBHOOK_HEADERS.timestamp),
          signature: header(request, WEBHOOK_HEADERS.signature),
        },
        request.rawBody ?? Buffer.alloc(0),
        request.body,
      ),
    );
  }
}
