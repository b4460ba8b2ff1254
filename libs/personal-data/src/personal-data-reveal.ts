import { Injectable, Logger } from '@nestjs/common';
import { DecryptionFailedError } from '@opsledger/crypto';
import { ERASED, isPersonalDataEnvelope, PersonalDataEnvelope, UNREADABLE } from '@opsledger/ddd';
import { envelopeAad } from './personal-data-protector';
import { CachedSubjectKey } from './subject-key-cache';
import { SubjectKeys } from './subject-keys';

function collect(value: unknown, into: Set<string>): void {
  if (isPersonalDataEnvelope(value)) into.add(value.s);
  else if (Array.isArray(value)) for (const item of value) collect(item, into);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) collect(item, into);
}

/**
 * Turns the envelopes in what readers hold (audit entries, projections' documents) back into
 * values, or into the `[erased]` marker once their subject's key is shredded. One key lookup
 * for a whole batch; keys usually come from memory.
 */
@Injectable()
export class PersonalDataReveal {
  private readonly logger = new Logger(PersonalDataReveal.name);

  constructor(private readonly keys: SubjectKeys) {}

  async reveal<T>(value: T): Promise<T> {
    return (await this.revealAll([value]))[0];
  }

  /** A copy of each value with every envelope, at any depth, replaced. */
  async revealAll<T>(values: readonly T[]): Promise<T[]> {
    const subjects = new Set<string>();
    collect(values, subjects);
    if (subjects.size === 0) return [...values];
    const keys = await this.keys.forReading(subjects);
    return values.map((value) => this.replace(value, keys) as T);
  }

  private replace(value: unknown, keys: Map<string, CachedSubjectKey>): unknown {
    if (isPersonalDataEnvelope(value)) return this.open(value, keys.get(value.s) ?? null);
    if (Array.isArray(value)) return value.map((item) => this.replace(item, keys));
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.replace(v, keys);
      return out;
    }
    return value;
  }

  private open(envelope: PersonalDataEnvelope, key: CachedSubjectKey): unknown {
    if (!key) return ERASED;
    try {
      return JSON.parse(key.open(envelope, envelopeAad(envelope.s, envelope.f)).toString('utf8'));
    } catch (error) {
      if (!(error instanceof DecryptionFailedError)) throw error;
      this.logger.warn(
        { subject: envelope.s, field: envelope.f },
        'a personal value does not decrypt',
      );
      return UNREADABLE;
    }
  }
}
