import { ValidationPipe } from '@nestjs/common';
import { RequestValidationError } from './request-validation.error';
import { cacheValidationMetadata } from './validation-metadata.cache';

/** Unknown fields rejected, types transformed, every violation named by field. */
export function createValidationPipe(): ValidationPipe {
  cacheValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => RequestValidationError.fromValidationErrors(errors),
  });
}
