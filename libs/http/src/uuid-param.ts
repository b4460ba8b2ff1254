import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new DomainError('REQUEST.INVALID_ID', 'invalid_input', `${name} must be a UUID`, {
          field: name,
        }),
    }),
  );
