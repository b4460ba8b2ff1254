import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

function compareWith(
  name: string,
  other: string,
  holds: (value: unknown, otherValue: unknown) => boolean,
  message: string,
  options?: ValidationOptions,
) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      constraints: [other],
      options: { message, ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const otherValue = (args.object as Record<string, unknown>)[other];
          if (value === undefined || otherValue === undefined) return true;
          try {
            return holds(value, otherValue);
          } catch {
            // the field's own format rule reports a malformed value
            return true;
          }
        },
      },
    });
}

/** An ISO date-time that is not before another field's. */
export function IsNotBefore(other: string, options?: ValidationOptions) {
  return compareWith(
    'isNotBefore',
    other,
    (value, otherValue) => {
      const a = Date.parse(String(value));
      const b = Date.parse(String(otherValue));
      return Number.isNaN(a) || Number.isNaN(b) || a >= b;
    },
    `$property must not be before ${other}`,
    options,
  );
}

/** An integer string that is not below another field's. */
export function IsNotBelow(other: string, options?: ValidationOptions) {
  return compareWith(
    'isNotBelow',
    other,
    (value, otherValue) => BigInt(String(value)) >= BigInt(String(otherValue)),
    `$property must not be below ${other}`,
    options,
  );
}
