import { Param, PipeTransform } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';

const CLIENT_ID = /^[A-Za-z0-9._~-]{1,255}$/;

class ClientIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CLIENT_ID.test(value))
      throw new DomainError(
        'REQUEST.INVALID_CLIENT_ID',
        'invalid_input',
        'clientId is not a client_id',
        { field: 'clientId' },
      );
    return value;
  }
}

/** A public OAuth client_id in the path. */
export const ClientIdParam = () => Param('clientId', new ClientIdPipe());
