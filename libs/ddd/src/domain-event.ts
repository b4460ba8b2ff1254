/**
 * A fact that happened to an aggregate. `type` is a stable, versioned string
 * (`identity.user.registered.v1`) that never derives from the class name, so renaming
 * a class never orphans stored events.
 */
export abstract class DomainEvent<P extends object = Record<string, unknown>> {
  abstract readonly type: string;
  readonly schemaVersion: number = 1;
  readonly occurredAt: Date = new Date();

  constructor(
    readonly aggregateId: string,
    readonly payload: P,
    /**
     * Old values of what this event changed, for the audit trail's diff. Usually the payload's
     * fields; a removal may carry the whole former state.
     */
    readonly previous?: Record<string, unknown>,
  ) {}
}
