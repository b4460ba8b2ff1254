import { DomainError } from '@opsledger/ddd';

export class InvalidObjectKeyError extends DomainError {
  constructor(reason: string) {
    super('OBJECT_STORAGE.INVALID_KEY', 'invalid_input', `Invalid object key: ${reason}`);
  }
}

export class ObjectNotFoundError extends DomainError {
  constructor(key: string) {
    super('OBJECT_STORAGE.NOT_FOUND', 'not_found', `No object ${key}`);
  }
}

export class ObjectTooLargeError extends DomainError {
  constructor(readonly maxBytes: number) {
    super('OBJECT_STORAGE.TOO_LARGE', 'too_large', `The content is larger than ${maxBytes} bytes`, {
      maxBytes,
    });
  }
}

export class RangeNotSatisfiableError extends DomainError {
  constructor(readonly size: number) {
    super(
      'OBJECT_STORAGE.RANGE_NOT_SATISFIABLE',
      'range_not_satisfiable',
      `The requested range is outside the object (${size} bytes)`,
      { size },
    );
  }
}

/** The bytes are not one of the accepted types, whatever name or header came with them. */
export class ContentNotAllowedError extends DomainError {
  constructor(
    readonly detected: string | null,
    allowed: readonly string[],
  ) {
    super(
      'OBJECT_STORAGE.CONTENT_NOT_ALLOWED',
      'unsupported_media_type',
      detected
        ? `Content of type ${detected} is not accepted (accepted: ${allowed.join(', ')})`
        : `Content of an unrecognised type is not accepted (accepted: ${allowed.join(', ')})`,
      { detected, allowed },
    );
  }
}

/** A signed download URL that was altered, is malformed or has expired. */
export class InvalidSignedUrlError extends DomainError {
  constructor(reason: 'expired' | 'invalid') {
    super(
      reason === 'expired' ? 'OBJECT_STORAGE.URL_EXPIRED' : 'OBJECT_STORAGE.URL_INVALID',
      'forbidden',
      reason === 'expired' ? 'The download link has expired' : 'The download link is not valid',
    );
  }
}
