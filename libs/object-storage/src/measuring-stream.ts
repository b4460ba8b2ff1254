import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { ObjectTooLargeError } from './object-storage.errors';
import type { StoredObject } from './object-storage.port';

/**
 * Passes bytes through while counting them and hashing them with SHA-256; fails with
 * ObjectTooLargeError as soon as more than `maxBytes` went by, so an adapter that pipes an
 * upload through it stops reading (and discards what it wrote) without waiting for the end.
 */
export class MeasuringStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  /**
   * Bytes passed so far. Not named `size`: the S3 SDK's Upload would read a `size` property
   * of its body as the total length announced in advance.
   */
  get measuredBytes(): number {
    return this.count;
  }

  /** The hex digest; valid once the stream has ended. */
  digest(): string {
    return this.hash.digest('hex');
  }

  /** What a completed `put` answers about the bytes that went through. */
  stored(key: string, contentType: string): StoredObject {
    return { key, size: this.count, sha256: this.digest(), contentType };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.count += chunk.length;
    if (this.count > this.maxBytes) {
      done(new ObjectTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
}
