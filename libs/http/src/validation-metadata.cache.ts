import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

const CACHED = Symbol('opsledger.validationMetadataCache');

/**
 * class-validator finds a class's rules on every validation by walking every class it holds
 * rules for (an `instanceof` each, for inherited rules: several hundred DTOs here) and
 * filtering their rules. The rules are fixed once the classes are loaded, so the answer is kept
 * per class and options, and forgotten whenever a rule or constraint is added (a class loaded
 * later, a schema registered). The kept arrays are those class-validator would have built; it
 * only reads them.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const target = storage as Storage & { [CACHED]?: true };
  if (target[CACHED]) return;
  target[CACHED] = true;
  let byClass = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (
    targetConstructor,
    targetSchema,
    always,
    strict,
    groups,
  ) => {
    // an object without a prototype has no constructor to key by
    if (typeof targetConstructor !== 'function')
      return lookup(targetConstructor, targetSchema, always, strict, groups);
    const options = `${targetSchema}\u0000${always}\u0000${strict}\u0000${groups?.join('\u0001') ?? ''}`;
    let perOptions = byClass.get(targetConstructor);
    if (!perOptions) {
      perOptions = new Map();
      byClass.set(targetConstructor, perOptions);
    }
    let found = perOptions.get(options);
    if (!found) {
      found = lookup(targetConstructor, targetSchema, always, strict, groups);
      perOptions.set(options, found);
    }
    return found;
  };
  for (const method of ['addValidationMetadata', 'addConstraintMetadata'] as const) {
    const add = storage[method].bind(storage) as (metadata: never) => void;
    (storage[method] as (metadata: never) => void) = (metadata: never) => {
      add(metadata);
      byClass = new WeakMap();
    };
  }
}
