import { InvalidTransitionError } from './domain-error';

/**
 * A lifecycle as data: for each state, the actions allowed and the state each leads to. An
 * illegal action raises an InvalidTransitionError listing the actions the state allows, which
 * the problem filter returns as `allowedTransitions` in a 409.
 */
export class StateMachine<S extends string, A extends string> {
  constructor(
    private readonly resource: string,
    private readonly transitions: Readonly<Record<S, Partial<Record<A, S>>>>,
  ) {}

  allowedActions(from: S): A[] {
    return Object.keys(this.transitions[from] ?? {}) as A[];
  }

  can(from: S, action: A): boolean {
    return this.transitions[from]?.[action] !== undefined;
  }

  /** The state `action` leads to from `from`, or an InvalidTransitionError. */
  next(from: S, action: A): S {
    const to = this.transitions[from]?.[action];
    if (to === undefined)
      throw new InvalidTransitionError(this.resource, from, action, this.allowedActions(from));
    return to;
  }

  /** Every (from, action, to) triple, for documentation and exhaustive tests. */
  edges(): Array<{ from: S; action: A; to: S }> {
    return (Object.entries(this.transitions) as Array<[S, Partial<Record<A, S>>]>).flatMap(
      ([from, actions]) =>
        (Object.entries(actions) as Array<[A, S]>).map(([action, to]) => ({ from, action, to })),
    );
  }
}
