import { ValidationError } from 'class-validator';
import { FieldViolation } from './problem';

/** DTO validation failure at the edge, before anything reaches a command. */
export class RequestValidationError extends Error {
  constructor(readonly violations: FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
  }

  static fromValidationErrors(errors: ValidationError[], parent = ''): RequestValidationError {
    const out: FieldViolation[] = [];
    const walk = (list: ValidationError[], prefix: string) => {
      for (const error of list) {
        const field = prefix ? `${prefix}.${error.property}` : error.property;
        for (const [rule, message] of Object.entries(error.constraints ?? {})) {
          out.push({
            field,
            message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
          });
        }
        if (error.children?.length) walk(error.children, field);
      }
    };
    walk(errors, parent);
    return new RequestValidationError(out);
  }
}
