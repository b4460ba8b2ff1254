import { Injectable } from '@nestjs/common';
import {
  DomainEvent,
  PersonalDataDeclaration,
  PersonalDataEnvelope,
  personalDataOf,
} from '@opsledger/ddd';
import { DataKeyRing, SubjectCipher } from '@opsledger/crypto';
import { EventDraft, EventMetadata, EventProtector } from '@opsledger/event-store';
import { SubjectKeys } from './subject-keys';
import { aliasSubjectId, isUuid, periodSubjectId, SubjectRef } from './subject-ids';

/** The associated data of a personal value: whose it is and which field it fills. */
export const envelopeAad = (subjectId: string, field: string) =>
  `opsledger:pd:v1:${subjectId}:${field}`;

type Contents = Pick<EventDraft, 'payload' | 'metadata'>;

/** The request's origin in every event's metadata: personal data of whoever sent it. */
const REQUEST_FIELDS = ['ip', 'userAgent'] as const;

interface Sealing {
  /** Where the value sits: the payload, or the old values in metadata. */
  target: Record<string, unknown>;
  field: string;
  subject: SubjectRef;
}

/**
 * Seals personal values before an event is hashed and stored: each field the event's class
 * declares personal (`personalData`, see libs/ddd) is replaced, in the payload and in
 * `metadata.previous`, by an envelope encrypted under the data key of the person it belongs
 * to; so are the request's address and user agent in the metadata. The hash then covers the ciphertext, so shredding the key later leaves every hash,
 * chain and seal intact.
 */
@Injectable()
export class PersonalDataProtector extends EventProtector {
  private readonly aliasSecret: Buffer;
  private readonly periodSecret: Buffer;

  constructor(
    private readonly keys: SubjectKeys,
    ring: DataKeyRing,
  ) {
    super();
    this.aliasSecret = ring.deriveSecret('personal-data-alias');
    this.periodSecret = ring.deriveSecret('personal-data-period');
  }

  /** The subject of a person named by a login or an email (see `{ alias }` declarations). */
  aliasOf(name: string): string {
    return aliasSubjectId(this.aliasSecret, name);
  }

  async protect(drafts: readonly EventDraft[]): Promise<Contents[]> {
    const contents: Contents[] = [];
    const sealings: Sealing[] = [];
    for (const draft of drafts) {
      const payload = { ...draft.payload };
      const metadata: EventMetadata = { ...draft.metadata };
      if (metadata.previous) metadata.previous = { ...metadata.previous };
      contents.push({ payload, metadata });
      const declaration = personalDataOf(draft.event);
      let subject: SubjectRef | null = null;
      if (declaration && declaration.fields.length + (declaration.previousOnly?.length ?? 0) > 0) {
        subject = this.subjectOf(draft.event, declaration, payload);
        sealings.push(...this.plan(declaration, subject, payload, metadata.previous ?? null));
      }
      sealings.push(...this.planRequest(draft.event, metadata, subject));
    }
    if (sealings.length === 0) return contents;
    const keys = await this.keys.forWriting(sealings.map((s) => s.subject));
    const throwaway = new Map<string, SubjectCipher>();
    for (const { target, field, subject } of sealings) {
      const cipher =
        keys.get(subject.subjectId) ?? this.erasedStandIn(subject.subjectId, throwaway);
      target[field] = seal(cipher, subject.subjectId, field, target[field]);
    }
    return contents;
  }

  private plan(
    declaration: PersonalDataDeclaration,
    subject: SubjectRef,
    payload: Record<string, unknown>,
    previous: Record<string, unknown> | null,
  ): Sealing[] {
    const out: Sealing[] = [];
    for (const field of declaration.fields) {
      if (present(payload[field])) out.push({ target: payload, field, subject });
      if (previous && present(previous[field])) out.push({ target: previous, field, subject });
    }
    for (const field of declaration.previousOnly ?? []) {
      if (previous && present(previous[field])) out.push({ target: previous, field, subject });
    }
    return out;
  }

  /**
   * Where the request came from is the sender's data: under the acting user's key; for anyone
   * else (an anonymous caller, a client) under the key of the person the event is about, when
   * it is about one (a sign-up, a failed login for a typed address), or the month's key.
   */
  private planRequest(
    event: DomainEvent<object>,
    metadata: EventMetadata,
    eventSubject: SubjectRef | null,
  ): Sealing[] {
    const target = metadata as unknown as Record<string, unknown>;
    const fields = REQUEST_FIELDS.filter((field) => present(target[field]));
    if (fields.length === 0) return [];
    const subject: SubjectRef =
      metadata.actorType === 'user' && isUuid(metadata.actorId)
        ? { subjectId: metadata.actorId.toLowerCase(), kind: 'person' }
        : (eventSubject ?? this.period(event.occurredAt));
    return fields.map((field) => ({ target, field, subject }));
  }

  private subjectOf(
    event: DomainEvent<object>,
    declaration: PersonalDataDeclaration,
    payload: Record<string, unknown>,
  ): SubjectRef {
    const ref = declaration.subject;
    if (ref === undefined) return person(event.aggregateId, event.type);
    if (typeof ref === 'string') {
      const value = payload[ref];
      return present(value) ? person(value, event.type) : this.period(event.occurredAt);
    }
    const name = payload[ref.alias];
    if (typeof name === 'string' && name.trim() !== '')
      return { subjectId: this.aliasOf(name), kind: 'alias' };
    return this.period(event.occurredAt);
  }

  /** The month's subject, for values whose person is unknown. */
  period(at: Date): SubjectRef {
    return { subjectId: periodSubjectId(this.periodSecret, at), kind: 'period' };
  }

  /**
   * A value of a person already erased is sealed under a key nobody keeps: it is unreadable
   * from the moment it is written, like everything else of theirs.
   */
  private erasedStandIn(subjectId: string, throwaway: Map<string, SubjectCipher>): SubjectCipher {
    let cipher = throwaway.get(subjectId);
    if (!cipher)
      throwaway.set(subjectId, (cipher = new SubjectCipher(SubjectCipher.generateKey())));
    return cipher;
  }
}

function present(value: unknown): boolean {
  return value !== null && value !== undefined;
}

function person(value: unknown, eventType: string): SubjectRef {
  if (!isUuid(value))
    throw new Error(
      `${eventType}: the subject of personal data must be a UUID, not ${typeof value}`,
    );
  return { subjectId: value.toLowerCase(), kind: 'person' };
}

function seal(
  cipher: SubjectCipher,
  subjectId: string,
  field: string,
  value: unknown,
): PersonalDataEnvelope {
  const sealed = cipher.seal(
    Buffer.from(JSON.stringify(value), 'utf8'),
    envelopeAad(subjectId, field),
  );
  return { $pd: 1, s: subjectId, f: field, iv: sealed.iv, ct: sealed.ct };
}
