import { AggregateRoot } from '@opsledger/ddd';
import { InvalidCrmFieldError, LeadDeletedError, LeadOptedOutError } from './crm.errors';
import {
  LeadContactedEvent,
  LeadCreatedEvent,
  LeadDeletedEvent,
  LeadDetails,
  LeadDetailsRevisedEvent,
  LeadOptStatusChangedEvent,
  LeadRescoredEvent,
  LeadRetaggedEvent,
  LeadStatus,
  LeadStatusChangedEvent,
  OptStatus,
  OutreachChannel,
} from './events/lead.events';

export interface LeadState extends LeadDetails {
  userId: string;
  workspaceId: string;
  status: LeadStatus;
  score: number | null;
  tags: string[];
  optStatus: OptStatus;
  isDeleted: boolean;
  deletedAt: Date | null;
  createdAt: Date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TAG = /^[a-z0-9][a-z0-9 _-]{0,49}$/;
export const MAX_TAGS = 20;

function text(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed.length > max)
    throw new InvalidCrmFieldError(field, `${field} must be at most ${max} characters`);
  return trimmed.length > 0 ? trimmed : null;
}

/** Lower-cased; the unique index compares LOWER(email) anyway, the read model shows one form. */
export function normalizeEmail(value: string | null | undefined): string | null {
  const email = text(value, 'email', 254)?.toLowerCase() ?? null;
  if (email !== null && !EMAIL.test(email))
    throw new InvalidCrmFieldError('email', 'email must be an email address');
  return email;
}

/**
 * Punctuation a person types ("(512) 555-0100", "512.555.0100") is dropped, so one number is
 * one value for the unique index and duplicate detection: an optional leading + and 7–15 digits.
 */
export function normalizePhone(value: string | null | undefined): string | null {
  const raw = text(value, 'phone', 30);
  if (raw === null) return null;
  const phone = raw.replace(/[\s().-]/g, '');
  if (!/^\+?[0-9]{7,15}$/.test(phone))
    throw new InvalidCrmFieldError('phone', 'phone must be 7 to 15 digits, optionally after +');
  return phone;
}

export function normalizeTags(tags: readonly string[] | undefined): string[] {
  if (!tags) return [];
  const out = [...new Set(tags.map((t) => t.trim().toLowerCase()))].filter((t) => t.length > 0);
  if (out.length > MAX_TAGS) throw new InvalidCrmFieldError('tags', `at most ${MAX_TAGS} tags`);
  for (const tag of out)
    if (!TAG.test(tag))
      throw new InvalidCrmFieldError(
        'tags',
        'a tag is 1–50 letters, digits, spaces, _ or -, starting with a letter or digit',
      );
  return out;
}

export function checkScore(score: number | null | undefined): number | null {
  if (score === null || score === undefined) return null;
  if (!Number.isInteger(score) || score < 0 || score > 100)
    throw new InvalidCrmFieldError('score', 'score must be an integer from 0 to 100');
  return score;
}

function details(props: Partial<LeadDetails>, base?: LeadDetails): LeadDetails {
  const name = props.name === undefined ? base?.name : text(props.name, 'name', 200);
  if (!name) throw new InvalidCrmFieldError('name', 'name is required');
  return {
    name,
    email: props.email === undefined ? (base?.email ?? null) : normalizeEmail(props.email),
    phone: props.phone === undefined ? (base?.phone ?? null) : normalizePhone(props.phone),
    company:
      props.company === undefined ? (base?.company ?? null) : text(props.company, 'company', 200),
  };
}

/** A seller or prospect of one investor (spec 002 `leads`), soft-deleted, never reused. */
export class Lead extends AggregateRoot {
  readonly streamType = 'crm-lead';

  private constructor(
    id: string,
    version: number,
    private state: LeadState,
  ) {
    super(id, version);
  }

  static create(
    props: Partial<LeadDetails> & {
      id: string;
      userId: string;
      workspaceId: string;
      status?: LeadStatus;
      score?: number | null;
      tags?: string[];
      optStatus?: OptStatus;
      source?: 'api' | 'csv_import';
    },
    now = new Date(),
  ): Lead {
    const d = details(props);
    const state: LeadState = {
      ...d,
      userId: props.userId,
      workspaceId: props.workspaceId,
      status: props.status ?? 'new',
      score: checkScore(props.score),
      tags: normalizeTags(props.tags),
      optStatus: props.optStatus ?? 'pending',
      isDeleted: false,
      deletedAt: null,
      createdAt: now,
    };
    const lead = new Lead(props.id, 0, state);
    lead.record(
      new LeadCreatedEvent(props.id, {
        ...d,
        userId: state.userId,
        workspaceId: state.workspaceId,
        status: state.status,
        score: state.score,
        tags: state.tags,
        optStatus: state.optStatus,
        source: props.source ?? 'api',
      }),
    );
    return lead;
  }

  static rehydrate(id: string, version: number, state: LeadState): Lead {
    return new Lead(id, version, { ...state });
  }

  get snapshot(): Readonly<LeadState> {
    return this.state;
  }

  reviseDetails(props: Partial<LeadDetails>): void {
    this.assertLive();
    const next = details(props, this.state);
    const changed: Partial<LeadDetails> = {};
    const previous: Partial<LeadDetails> = {};
    for (const key of ['name', 'email', 'phone', 'company'] as const) {
      if (next[key] === this.state[key]) continue;
      Object.assign(changed, { [key]: next[key] });
      Object.assign(previous, { [key]: this.state[key] });
    }
    if (Object.keys(changed).length === 0) return;
    this.state = { ...this.state, ...next };
    this.record(new LeadDetailsRevisedEvent(this.id, changed, previous));
  }

  rescore(score: number | null): void {
    this.assertLive();
    const next = checkScore(score);
    if (next === this.state.score) return;
    const previous = { score: this.state.score };
    this.state = { ...this.state, score: next };
    this.record(new LeadRescoredEvent(this.id, { score: next }, previous));
  }

  retag(tags: string[]): void {
    this.assertLive();
    const next = normalizeTags(tags);
    if (next.join('\n') === this.state.tags.join('\n')) return;
    const previous = { tags: this.state.tags };
    this.state = { ...this.state, tags: next };
    this.record(new LeadRetaggedEvent(this.id, { tags: next }, previous));
  }

  moveTo(status: LeadStatus): void {
    this.assertLive();
    if (status === this.state.status) return;
    const previous = { status: this.state.status };
    this.state = { ...this.state, status };
    this.record(new LeadStatusChangedEvent(this.id, { status }, previous));
  }

  setOptStatus(optStatus: OptStatus): void {
    this.assertLive();
    if (optStatus === this.state.optStatus) return;
    const previous = { optStatus: this.state.optStatus };
    this.state = { ...this.state, optStatus };
    this.record(new LeadOptStatusChangedEvent(this.id, { optStatus }, previous));
  }

  /** Outreach is refused for a lead who opted out; pending and opted-in leads may be contacted. */
  recordOutreach(
    channel: OutreachChannel,
    note: string | null | undefined,
    now = new Date(),
  ): void {
    this.assertLive();
    if (this.state.optStatus === 'opted_out') throw new LeadOptedOutError();
    this.record(
      new LeadContactedEvent(this.id, {
        channel,
        note: text(note, 'note', 2000),
        contactedAt: now.toISOString(),
      }),
    );
  }

  delete(now = new Date()): void {
    this.assertLive();
    this.state = { ...this.state, isDeleted: true, deletedAt: now };
    this.record(
      new LeadDeletedEvent(
        this.id,
        { isDeleted: true, deletedAt: now.toISOString() },
        {
          isDeleted: false,
        },
      ),
    );
  }

  private assertLive(): void {
    if (this.state.isDeleted) throw new LeadDeletedError();
  }
}
