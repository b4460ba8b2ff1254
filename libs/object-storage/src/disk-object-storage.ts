import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MeasuringStream } from './measuring-stream';
import { assertValidKey, assertValidPrefix } from './object-key';
import { ObjectNotFoundError } from './object-storage.errors';
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
import { assertContentType, assertTtl, resolveRange } from './object-storage.rules';
import { DownloadSigner } from './signed-download';

/** Object files end with a character no key segment may contain, so none is ever a folder's name. */
const OBJECT_SUFFIX = '~';
/** Where uploads are written before their rename; a dot-folder no key can reach. */
const INCOMING = '.incoming';
const HEADER_LIMIT = 1024;

export interface DiskObjectStorageOptions {
  /** The store's folder (`DATA_DIR/objects` in the service). */
  root: string;
  signer: DownloadSigner;
}

interface Located {
  file: string;
  offset: number;
  size: number;
  contentType: string;
  lastModified: Date;
}

/**
 * Objects as files under one folder: key `a/b/c.pdf` is the file `a/b/c.pdf~`, whose first
 * line is a small JSON header (the content type) followed by the bytes. An upload streams
 * into a temporary file under `.incoming/` and is renamed into place only once complete and
 * within its limit, so readers see the old object or the new one, never a part; a refused
 * or failed upload deletes its temporary file. Signed URLs point at ObjectDownloadsController.
 */
export class DiskObjectStorage extends ObjectStorage {
  constructor(private readonly options: DiskObjectStorageOptions) {
    super();
  }

  async put(key: string, body: Readable, options: PutObjectOptions): Promise<StoredObject> {
    assertValidKey(key);
    assertContentType(options.contentType);
    const incoming = join(this.options.root, INCOMING);
    await mkdir(incoming, { recursive: true });
    const temp = join(incoming, randomUUID());
    const measuring = new MeasuringStream(options.maxBytes);
    const out = createWriteStream(temp, { flags: 'wx' });
    try {
      out.write(`${JSON.stringify({ contentType: options.contentType })}\n`);
      await pipeline(body, measuring, out);
      const target = this.fileOf(key);
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target).catch(async (error: NodeJS.ErrnoException) => {
        // a deletePrefix running beside us may have removed the (empty) folder meanwhile
        if (error.code !== 'ENOENT') throw error;
        await mkdir(dirname(target), { recursive: true });
        await rename(temp, target);
      });
    } catch (error) {
      out.destroy();
      await rm(temp, { force: true });
      throw error;
    }
    return measuring.stored(key, options.contentType);
  }

  async get(key: string, range?: ByteRange): Promise<ObjectContent> {
    assertValidKey(key);
    const found = await this.locate(key);
    if (!found) throw new ObjectNotFoundError(key);
    const resolved = range ? resolveRange(range, found.size) : null;
    const from = found.offset + (resolved?.start ?? 0);
    const to = found.offset + (resolved ? resolved.end : found.size - 1);
    // An empty object has no byte to point at: a stream over nothing.
    const stream =
      found.size === 0 ? Readable.from([]) : createReadStream(found.file, { start: from, end: to });
    return {
      key,
      size: found.size,
      contentType: found.contentType,
      lastModified: found.lastModified,
      range: resolved,
      stream,
    };
  }

  async head(key: string): Promise<ObjectHead | null> {
    assertValidKey(key);
    const found = await this.locate(key);
    return found
      ? { key, size: found.size, contentType: found.contentType, lastModified: found.lastModified }
      : null;
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    await unlink(this.fileOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async deletePrefix(prefix: string): Promise<number> {
    assertValidPrefix(prefix, { allowEmpty: false });
    let removed = 0;
    for await (const object of this.list(prefix)) {
      await this.delete(object.key);
      removed += 1;
    }
    await this.pruneEmptyFolders(join(this.options.root, ...this.folderOf(prefix)));
    return removed;
  }

  async *list(prefix: string): AsyncIterable<ObjectSummary> {
    assertValidPrefix(prefix, { allowEmpty: true });
    const folders = this.folderOf(prefix);
    const leaf = prefix.slice(folders.join('/').length).replace(/^\//, '');
    yield* this.walk(folders, leaf);
  }

  /** Synchronous work, answered as a promise (a refusal rejects it, like the S3 adapter's). */
  signedUrl(key: string, ttlSeconds: number, options: SignedUrlOptions = {}): Promise<string> {
    try {
      assertValidKey(key);
      assertTtl(ttlSeconds);
      const expiresAt = Math.floor(Date.now() / 1000) + ttlSeconds;
      return Promise.resolve(
        this.options.signer.url({ key, expiresAt, filename: options.filename }),
      );
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private fileOf(key: string): string {
    return `${join(this.options.root, ...key.split('/'))}${OBJECT_SUFFIX}`;
  }

  /** The folders a prefix names completely (`a/b/c-` → a, b). */
  private folderOf(prefix: string): string[] {
    const segments = prefix.split('/');
    segments.pop();
    return segments;
  }

  /** Keys in binary order: a folder sorts where `name/` sorts among its siblings' keys. */
  private async *walk(folders: string[], leaf: string): AsyncGenerator<ObjectSummary> {
    const dir = join(this.options.root, ...folders);
    let entries: Array<{ name: string; isDirectory(): boolean; isFile(): boolean }>;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const children = entries
      .filter((e) => !e.name.startsWith('.'))
      .flatMap((e) => {
        if (e.isFile() && e.name.endsWith(OBJECT_SUFFIX))
          return [{ name: e.name.slice(0, -OBJECT_SUFFIX.length), folder: false }];
        if (e.isDirectory()) return [{ name: e.name, folder: true }];
        return [];
      })
      .filter((c) => c.name.startsWith(leaf))
      .map((c) => ({ ...c, sortKey: Buffer.from(c.folder ? `${c.name}/` : c.name) }))
      .sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
    for (const child of children) {
      if (child.folder) {
        yield* this.walk([...folders, child.name], '');
        continue;
      }
      const key = [...folders, child.name].join('/');
      const found = await this.locate(key);
      if (found) yield { key, size: found.size, lastModified: found.lastModified };
    }
  }

  private async locate(key: string): Promise<Located | null> {
    const file = this.fileOf(key);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const info = await handle.stat();
      const buffer = Buffer.alloc(Math.min(HEADER_LIMIT, info.size));
      await handle.read(buffer, 0, buffer.length, 0);
      const newline = buffer.indexOf(0x0a);
      if (newline < 0) throw new Error(`object file ${file} has no header`);
      const header = JSON.parse(buffer.toString('utf8', 0, newline)) as { contentType: string };
      const offset = newline + 1;
      return {
        file,
        offset,
        size: info.size - offset,
        contentType: header.contentType,
        lastModified: info.mtime,
      };
    } finally {
      await handle.close();
    }
  }

  /** Removes folders left empty under `dir`, then `dir` and its empty parents up to the root. */
  private async pruneEmptyFolders(dir: string): Promise<void> {
    const prune = async (folder: string): Promise<boolean> => {
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        return false;
      }
      let empty = true;
      for (const e of entries) {
        // .incoming holds uploads in flight: never pruned under a writer's feet
        if (!e.isDirectory() || e.name.startsWith('.') || !(await prune(join(folder, e.name))))
          empty = false;
      }
      if (!empty || folder === this.options.root) return false;
      return rmdir(folder).then(
        () => true,
        () => false,
      );
    };
    await prune(dir);
    for (
      let parent = dirname(dir);
      parent.startsWith(this.options.root) && parent !== this.options.root;
      parent = dirname(parent)
    ) {
      const removed = await rmdir(parent).then(
        () => true,
        () => false,
      );
      if (!removed) break;
    }
  }
}
