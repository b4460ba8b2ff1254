import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { LedgerWitness, parseWitnessRecord, WitnessMark, WitnessRecord } from './ledger-witness';

export interface S3WitnessOptions {
  bucket: string;
  /** Key prefix, e.g. `opsledger/production/ledger-witness/`. */
  prefix: string;
  region?: string;
  /** An S3-compatible endpoint (MinIO, Ceph, a test server); AWS when unset. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Object lock retention set on every record (COMPLIANCE mode); 0 leaves it to the bucket's default. */
  retentionDays?: number;
  credentials?: S3ClientConfig['credentials'];
}

/** Clocks of writers differ by less than this; a reader re-lists that far back. */
const SKEW_MS = 5 * 60 * 1000;

interface S3Mark {
  /** The newest key read. */
  last: string | null;
  /** Keys read within SKEW_MS of the newest, which a re-list from earlier returns again. */
  recent: string[];
}

const stampOf = (at: Date) => at.toISOString().replace(/[-:.]/g, '');

/**
 * The witness as one object per record in an S3 bucket, meant for a bucket with object lock
 * (compliance mode): once written, a record cannot be overwritten or deleted before its
 * retention ends, not even by the account that wrote it. Keys start with the write time, so
 * a reader lists from where it stopped; writes are conditional (`If-None-Match: *`).
 */
export class S3LedgerWitness extends LedgerWitness {
  private readonly logger = new Logger(S3LedgerWitness.name);
  private readonly client: S3Client;
  private readonly writer = randomBytes(4).toString('hex');
  private sequence = 0;

  constructor(private readonly options: S3WitnessOptions) {
    super();
    this.client = new S3Client({
      region: options.region ?? 'us-east-1',
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials: options.credentials,
    });
  }

  get location(): string {
    return `s3://${this.options.bucket}/${this.options.prefix}`;
  }

  async append(record: WitnessRecord): Promise<void> {
    const now = new Date();
    this.sequence += 1;
    const key = `${this.options.prefix}${stampOf(now)}-${this.writer}-${String(this.sequence).padStart(9, '0')}.json`;
    const days = this.options.retentionDays ?? 0;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        Body: `${JSON.stringify(record)}\n`,
        ContentType: 'application/json',
        IfNoneMatch: '*',
        ...(days > 0
          ? {
              ObjectLockMode: 'COMPLIANCE' as const,
              ObjectLockRetainUntilDate: new Date(now.getTime() + days * 86_400_000),
            }
          : {}),
      }),
    );
  }

  async scan(
    mark: WitnessMark | null,
    visit: (record: WitnessRecord) => void | Promise<void>,
  ): Promise<WitnessMark> {
    const from = (mark as S3Mark | null) ?? { last: null, recent: [] };
    const seen = new Set(from.recent);
    const read: string[] = [];
    const startAfter = from.last ? this.keyAt(this.timeOf(from.last) - SKEW_MS) : undefined;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: this.options.prefix,
          StartAfter: token ? undefined : startAfter,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key || seen.has(object.Key)) continue;
        await this.visitObject(object.Key, visit);
        read.push(object.Key);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const keys = [...from.recent, ...read].sort();
    const last = keys.length > 0 ? keys[keys.length - 1] : from.last;
    const cutoff = last ? this.keyAt(this.timeOf(last) - SKEW_MS) : '';
    return { last, recent: keys.filter((k) => k >= cutoff) } satisfies S3Mark;
  }

  private keyAt(time: number): string {
    return `${this.options.prefix}${stampOf(new Date(time))}`;
  }

  private timeOf(key: string): number {
    const s = key.slice(this.options.prefix.length, this.options.prefix.length + 19);
    return Date.parse(
      `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`,
    );
  }

  private async visitObject(
    key: string,
    visit: (record: WitnessRecord) => void | Promise<void>,
  ): Promise<void> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.options.bucket, Key: key }),
    );
    const record = parseWitnessRecord((await object.Body?.transformToString('utf8')) ?? '');
    if (record) await visit(record);
    else this.logger.warn(`${key}: skipped an object that is not a witness record`);
  }

  override close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }
}
