import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiResponseOptions,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemDocument } from '@opsledger/http';

/** A ProblemDocument under the media type the filter answers with, not application/json. */
function problem(description: string): ApiResponseOptions {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDocument) } } },
  };
}

/** The refusals every audit route can answer, as RFC 9457 problem documents. */
export function ApiAuditProblems() {
  return applyDecorators(
    ApiExtraModels(ProblemDocument),
    ApiBadRequestResponse(
      problem('Unknown or invalid query parameters, listed by field in `errors`'),
    ),
    ApiUnauthorizedResponse(problem('Missing, expired or invalid bearer token')),
    ApiForbiddenResponse(problem('The token lacks the platform role this route needs')),
  );
}

export function ApiConflictProblem(description: string) {
  return applyDecorators(
    ApiExtraModels(ProblemDocument),
    ApiConflictResponse(problem(description)),
  );
}
