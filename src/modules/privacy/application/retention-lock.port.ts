/**
 * Port: the lock that makes one instance at a time apply a retention rule. Taken for the
 * current transaction and released with it; `false` when another transaction holds it.
 */
export abstract class RetentionLock {
  abstract tryTake(rule: string): Promise<boolean>;
}
