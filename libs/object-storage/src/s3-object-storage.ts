import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { OnApplicationShutdown } from '@nestjs/common';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MeasuringStream } from './measuring-stream';
import { assertValidKey, assertValidPrefix } from './object-key';
import { ObjectNotFoundError, RangeNotSatisfiableError } from './object-storage.errors';
import {
  ByteRange,
  ObjectContent,
  ObjectHead,
  ObjectStorage,
  ObjectSummary,
  PutObjectOptions,
  SignedUrlOptions,
  StoredObject,
} from './object-storage.port';
import {
  assertContentType,
  assertTtl,
  contentDisposition,
  resolveRange,
} from './object-storage.rules';

export interface S3ObjectStorageOptions {
  bucket: string;
  region: string;
  /** Any S3 API (MinIO, Ceph, R2, a test server); AWS itself when absent. */
  endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle?: boolean;
  /** Static credentials; the SDK's default chain (environment, instance role) when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Multipart part size: S3's minimum, so at most this much of an upload is ever in memory. */
const PART_SIZE = 5 * 1024 * 1024;
const DELETE_BATCH = 1000;

const isNotFound = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === 'NoSuchKey' ||
    error.name === 'NotFound' ||
    error.$metadata.httpStatusCode === 404);

/**
 * Objects in one bucket of any S3 API. Uploads stream through the SDK's multipart `Upload`
 * (parts of 5 MiB; a body that fails or outgrows its limit aborts the upload, so S3 never
 * shows an object for it); signed URLs are the SDK's presigned GETs.
 */
export class S3ObjectStorage extends ObjectStorage implements OnApplicationShutdown {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3ObjectStorageOptions) {
    super();
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: options.credentials,
      // Integrity is ours (SHA-256 while streaming); the SDK's default trailing checksums
      // use aws-chunked encoding, which several S3-compatible servers do not speak.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: Readable, options: PutObjectOptions): Promise<StoredObject> {
    assertValidKey(key);
    assertContentType(options.contentType);
    const measuring = new MeasuringStream(options.maxBytes);
    const feeding = pipeline(body, measuring);
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: measuring,
        ContentType: options.contentType,
      },
      partSize: PART_SIZE,
      queueSize: 1,
      leavePartsOnError: false,
    });
    const [fed, uploaded] = await Promise.allSettled([feeding, upload.done()]);
    // The stream's own error (too large, client gone) is the cause; the upload's is its echo.
    if (fed.status === 'rejected') {
      await upload.abort().catch(() => undefined);
      throw fed.reason;
    }
    if (uploaded.status === 'rejected') throw uploaded.reason;
    return measuring.stored(key, options.contentType);
  }

  async get(key: string, range?: ByteRange): Promise<ObjectContent> {
    assertValidKey(key);
    let resolved: { start: number; end: number } | null = null;
    if (range) {
      const head = await this.head(key);
      if (!head) throw new ObjectNotFoundError(key);
      resolved = resolveRange(range, head.size);
    }
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: resolved ? `bytes=${resolved.start}-${resolved.end}` : undefined,
        }),
      );
      const total = resolved
        ? Number(/\/(\d+)$/.exec(out.ContentRange ?? '')?.[1] ?? NaN)
        : Number(out.ContentLength ?? 0);
      return {
        key,
        size: total,
        contentType: out.ContentType ?? 'application/octet-stream',
        lastModified: out.LastModified ?? new Date(0),
        range: resolved,
        stream: out.Body as Readable,
      };
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key);
      if (error instanceof S3ServiceException && error.name === 'InvalidRange')
        throw new RangeNotSatisfiableError((await this.head(key))?.size ?? 0);
      throw error;
    }
  }

  async head(key: string): Promise<ObjectHead | null> {
    assertValidKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: Number(out.ContentLength ?? 0),
        contentType: out.ContentType ?? 'application/octet-stream',
        lastModified: out.LastModified ?? new Date(0),
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix, { allowEmpty: false });
    let removed = 0;
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const out = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      if (out.Errors?.length)
        throw new Error(
          `S3 refused to delete ${out.Errors.length} object(s) under ${prefix}: ${out.Errors[0].Code}`,
        );
      removed += batch.length;
      batch = [];
    };
    for await (const object of this.list(prefix)) {
      batch.push(object.key);
      if (batch.length === DELETE_BATCH) await flush();
    }
    await flush();
    return removed;
  }

  async *list(prefix: string): AsyncIterable<ObjectSummary> {
    assertValidPrefix(prefix, { allowEmpty: true });
    const pages = paginateListObjectsV2(
      { client: this.client },
      { Bucket: this.bucket, Prefix: prefix === '' ? undefined : prefix },
    );
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        yield {
          key: object.Key,
          size: Number(object.Size ?? 0),
          lastModified: object.LastModified ?? new Date(0),
        };
      }
    }
  }

  async signedUrl(
    key: string,
    ttlSeconds: number,
    options: SignedUrlOptions = {},
  ): Promise<string> {
    assertValidKey(key);
    assertTtl(ttlSeconds);
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentDisposition: options.filename
          ? contentDisposition(options.filename)
          : undefined,
      }),
      { expiresIn: ttlSeconds },
    );
  }

  /** Releases the client's sockets. */
  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
