import type { Readable } from 'node:stream';

export interface PutObjectOptions {
  /** Stored with the object and answered by `get`, `head` and signed downloads. */
  contentType: string;
  /** The upload is refused (and nothing is stored) once it grows past this many bytes. */
  maxBytes: number;
}

/** What `put` stored: measured while the bytes streamed through, never from a buffer. */
export interface StoredObject {
  key: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  contentType: string;
}

/** An object as a listing shows it. */
export interface ObjectSummary {
  key: string;
  size: number;
  lastModified: Date;
}

export interface ObjectHead extends ObjectSummary {
  contentType: string;
}

/** Inclusive byte offsets, as in an HTTP `Range` header; `end` past the object is clamped. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface ObjectContent extends ObjectHead {
  stream: Readable;
  /** The bytes `stream` carries: the whole object, or the resolved range. */
  range: { start: number; end: number } | null;
}

export interface SignedUrlOptions {
  /** Offered to the browser as the download's file name (`Content-Disposition: attachment`). */
  filename?: string;
}

/**
 * File bytes, by key. Keys are `/`-separated segments of letters, digits, `.`, `_`, `-` and
 * `=` (see object-key.ts), so a key never escapes its store. Writes are all-or-nothing: a
 * `put` that fails or is refused leaves no object and no partial bytes behind, and a key
 * that held an object before keeps it.
 */
export abstract class ObjectStorage {
  /** Streams `body` into the store, measuring size and SHA-256 on the way. */
  abstract put(key: string, body: Readable, options: PutObjectOptions): Promise<StoredObject>;

  /** The object's bytes as a stream (ObjectNotFoundError, RangeNotSatisfiableError). */
  abstract get(key: string, range?: ByteRange): Promise<ObjectContent>;

  abstract head(key: string): Promise<ObjectHead | null>;

  /** Removes the object; removing a missing object succeeds. */
  abstract delete(key: string): Promise<void>;

  /** Removes every object whose key starts with `prefix` (erasure); answers how many. */
  abstract deletePrefix(prefix: string): Promise<number>;

  /** Every object whose key starts with `prefix`, streamed, in no promised order. */
  abstract list(prefix: string): AsyncIterable<ObjectSummary>;

  /** A URL anyone holding it may GET (with `Range`) until it expires after `ttlSeconds`. */
  abstract signedUrl(key: string, ttlSeconds: number, options?: SignedUrlOptions): Promise<string>;
}

/** Shortest and longest life of a signed URL (S3 presigned URLs cannot outlive a week). */
export const SIGNED_URL_TTL = { min: 1, max: 7 * 24 * 3600 } as const;
