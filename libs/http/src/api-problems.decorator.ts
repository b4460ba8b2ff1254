import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDocument, PROBLEM_CONTENT_TYPE } from './problem';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request: invalid JSON, unknown or invalid fields (listed in `errors`)',
  401: 'Missing, expired or invalid credentials',
  403: 'Authenticated, but not allowed',
  404: 'No such resource for the caller (another tenant’s resource is a 404 too)',
  409: 'Conflict: a unique value is taken, the resource changed concurrently, or the state does not allow it',
  412: 'If-Match does not match the current version',
  422: 'Well-formed but breaks a business rule',
  429: 'Too many requests; see Retry-After',
};

/** Documents the RFC 9457 problem responses an operation can answer. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ProblemDocument),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDocument) } } },
      }),
    ),
  );
}
