import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@opsledger/ddd';

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;

/** The same test ParseUUIDPipe applies (any version). */
export const isUuid = (value: string): boolean => UUID.test(value);

/** The 400 a path parameter that is not a UUID answers, naming the parameter. */
export const invalidIdError = (name: string) =>
  new DomainError('REQUEST.INVALID_ID', 'invalid_input', `${name} must be a UUID`, {
    field: name,
  });

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => invalidIdError(name) }));
