import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { KeyStore, Public } from '@opsledger/auth';

@ApiTags('auth')
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: KeyStore) {}

  @Get('jwks.json')
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys that verify access tokens, id_tokens and ledger seals' })
  @ApiOkResponse({
    schema: { type: 'object', properties: { keys: { type: 'array', items: { type: 'object' } } } },
  })
  jwks() {
    return this.keys.jwks();
  }
}
