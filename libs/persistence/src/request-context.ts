import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RequestScope } from './request-scope';

export type ActorType = 'user' | 'client' | 'system' | 'anonymous';

export interface Actor {
  id: string | null;
  type: ActorType;
  tenantId: string | null;
  roles: readonly string[];
  tenantRole: string | null;
  sessionId: string | null;
}

export interface RequestContextStore {
  actor?: Actor;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string;
  correlationId?: string;
  causationId?: string | null;
  /** Set only by code that must see every tenant (workers, projector, login lookup). */
  systemScope?: boolean;
}

export const ANONYMOUS: Actor = {
  id: null,
  type: 'anonymous',
  tenantId: null,
  roles: [],
  tenantRole: null,
  sessionId: null,
};

export const SYSTEM_ACTOR: Actor = {
  id: null,
  type: 'system',
  tenantId: null,
  roles: ['system'],
  tenantRole: null,
  sessionId: null,
};

/** Who is acting, for whom and from where: read by the RLS scope and the event metadata. */
@Injectable()
export class RequestContext {
  constructor(private readonly scope: RequestScope) {}

  get actor(): Actor {
    return this.value('actor') ?? ANONYMOUS;
  }

  setActor(actor: Actor): void {
    this.scope.set('actor', actor);
  }

  get tenantId(): string | null {
    return this.actor.tenantId;
  }

  get ip(): string | null {
    return this.value('ip') || null;
  }

  get userAgent(): string | null {
    return this.value('userAgent') || null;
  }

  get correlationId(): string {
    if (!this.scope.isActive()) return randomUUID();
    let id = this.value('correlationId');
    if (!id) {
      id = randomUUID();
      this.scope.set('correlationId', id);
    }
    return id;
  }

  get causationId(): string | null {
    return this.value('causationId') || null;
  }

  get isSystemScope(): boolean {
    return this.value('systemScope') === true;
  }

  /** Runs fn in a scope of its own (a copy of the current one) as the given actor. */
  run<T>(actor: Actor, fn: () => Promise<T>, opts: { systemScope?: boolean } = {}): Promise<T> {
    return this.scope.run('inherit', () => {
      this.scope.set('actor', actor);
      this.scope.set('systemScope', opts.systemScope ?? actor.type === 'system');
      return fn();
    });
  }

  /**
   * Runs fn in an empty context: nothing of the caller's request or unit of work leaks into
   * it. For background work started from a request (a projection pass nudged by a commit),
   * which must never run its queries on a transaction that belongs to someone else.
   */
  detached<T>(fn: () => Promise<T>): Promise<T> {
    return this.scope.run('empty', fn);
  }

  /** Runs fn with row-level security opened to every tenant, keeping the actor. */
  asSystem<T>(fn: () => Promise<T>): Promise<T> {
    return this.scope.run('inherit', () => {
      this.scope.set('systemScope', true);
      return fn();
    });
  }

  private value<K extends keyof RequestContextStore>(key: K): RequestContextStore[K] | undefined {
    return this.scope.get<RequestContextStore[K]>(key);
  }
}
