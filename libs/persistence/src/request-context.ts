import { Injectable } from '@nestjs/common';
import { ClsService, ClsStore } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';

export type ActorType = 'user' | 'client' | 'system' | 'anonymous';

export interface Actor {
  id: string | null;
  type: ActorType;
  tenantId: string | null;
  roles: readonly string[];
  tenantRole: string | null;
  sessionId: string | null;
}

export interface RequestContextStore extends ClsStore {
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
  constructor(private readonly cls: ClsService<RequestContextStore>) {}

  get actor(): Actor {
    return (this.cls.isActive() && this.cls.get('actor')) || ANONYMOUS;
  }

  setActor(actor: Actor): void {
    this.cls.set('actor', actor);
  }

  get tenantId(): string | null {
    return this.actor.tenantId;
  }

  get ip(): string | null {
    return (this.cls.isActive() && this.cls.get('ip')) || null;
  }

  get userAgent(): string | null {
    return (this.cls.isActive() && this.cls.get('userAgent')) || null;
  }

  get correlationId(): string {
    if (!this.cls.isActive()) return randomUUID();
    let id = this.cls.get('correlationId');
    if (!id) {
      id = randomUUID();
      this.cls.set('correlationId', id);
    }
    return id;
  }

  get causationId(): string | null {
    return (this.cls.isActive() && this.cls.get('causationId')) || null;
  }

  get isSystemScope(): boolean {
    return this.cls.isActive() && this.cls.get('systemScope') === true;
  }

  /** Runs fn in a fresh context (own CLS frame) as the given actor. */
  run<T>(actor: Actor, fn: () => Promise<T>, opts: { systemScope?: boolean } = {}): Promise<T> {
    return this.cls.run({ ifNested: 'inherit' }, () => {
      this.cls.set('actor', actor);
      this.cls.set('systemScope', opts.systemScope ?? actor.type === 'system');
      return fn();
    });
  }

  /**
   * Runs fn in an empty context: nothing of the caller's request or unit of work leaks into
   * it. For background work started from a request (a projection pass nudged by a commit),
   * which must never run its queries on a transaction that belongs to someone else.
   */
  detached<T>(fn: () => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'override' }, fn);
  }

  /** Runs fn with row-level security opened to every tenant, keeping the actor. */
  asSystem<T>(fn: () => Promise<T>): Promise<T> {
    return this.cls.run({ ifNested: 'inherit' }, () => {
      this.cls.set('systemScope', true);
      return fn();
    });
  }
}
