import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProblemDocument } from '@opsledger/http';

/** The refusals every audit route can answer, as RFC 9457 problem documents. */
export function ApiAuditProblems() {
  return applyDecorators(
    ApiBadRequestResponse({
      type: ProblemDocument,
      description: 'Unknown or invalid query parameters, listed by field in `errors`',
    }),
    ApiUnauthorizedResponse({
      type: ProblemDocument,
      description: 'Missing, expired or invalid bearer token',
    }),
    ApiForbiddenResponse({
      type: ProblemDocument,
      description: 'The token lacks the platform role this route needs',
    }),
  );
}
