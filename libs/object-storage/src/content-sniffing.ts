import { Transform, TransformCallback } from 'node:stream';
import { ContentNotAllowedError } from './object-storage.errors';

/** The types uploads may carry, recognised by their leading bytes. */
export const DOCUMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/tiff',
  'image/gif',
  'image/webp',
  'image/heic',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Executable formats: refused whatever the file name or the client's Content-Type say. */
export type ExecutableType =
  | 'application/x-elf'
  | 'application/vnd.microsoft.portable-executable'
  | 'application/x-mach-binary'
  | 'text/x-shellscript';

export interface SniffedType {
  mimeType: DocumentType | ExecutableType;
  executable: boolean;
}

/** Bytes a sniffer needs to see before it can decide. */
export const SNIFF_BYTES = 16;

const HEIC_BRANDS = new Set([
  'heic',
  'heix',
  'heim',
  'heis',
  'hevc',
  'hevx',
  'hevm',
  'hevs',
  'mif1',
  'msf1',
]);

const startsWith = (head: Buffer, bytes: readonly number[], offset = 0) =>
  head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);
const ascii = (head: Buffer, text: string, offset = 0) =>
  head.length >= offset + text.length &&
  head.toString('latin1', offset, offset + text.length) === text;

const document = (mimeType: DocumentType): SniffedType => ({ mimeType, executable: false });
const executable = (mimeType: ExecutableType): SniffedType => ({ mimeType, executable: true });

/**
 * What the leading bytes of a file are (null: none of the known types). Decided by magic
 * numbers only; names and declared types are not consulted because a client controls them.
 */
export function sniffContentType(head: Buffer): SniffedType | null {
  if (ascii(head, '%PDF-')) return document('application/pdf');
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return document('image/png');
  if (startsWith(head, [0xff, 0xd8, 0xff])) return document('image/jpeg');
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]))
    return document('image/tiff');
  if (ascii(head, 'GIF87a') || ascii(head, 'GIF89a')) return document('image/gif');
  if (ascii(head, 'RIFF') && ascii(head, 'WEBP', 8)) return document('image/webp');
  if (ascii(head, 'ftyp', 4) && HEIC_BRANDS.has(head.toString('latin1', 8, 12)))
    return document('image/heic');

  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return executable('application/x-elf');
  if (ascii(head, 'MZ')) return executable('application/vnd.microsoft.portable-executable');
  for (const magic of [
    [0xfe, 0xed, 0xfa, 0xce],
    [0xce, 0xfa, 0xed, 0xfe],
    [0xfe, 0xed, 0xfa, 0xcf],
    [0xcf, 0xfa, 0xed, 0xfe],
    [0xca, 0xfe, 0xba, 0xbe],
  ])
    if (startsWith(head, magic)) return executable('application/x-mach-binary');
  // A script runs through its interpreter line, with or without a byte-order mark before it.
  if (ascii(head, '#!') || startsWith(head, [0xef, 0xbb, 0xbf, 0x23, 0x21]))
    return executable('text/x-shellscript');
  return null;
}

/**
 * A pass-through stream that holds back the first bytes until it can sniff them, then
 * refuses (ContentNotAllowedError) anything executable or outside `allowed`, before a single
 * byte has reached the store. `detected` tells what it found, once data has flowed.
 */
export class ContentSniffer extends Transform {
  private head: Buffer[] = [];
  private headLength = 0;
  private decided = false;
  detected: SniffedType | null = null;

  constructor(private readonly allowed: readonly DocumentType[] = DOCUMENT_TYPES) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.decided) {
      done(null, chunk);
      return;
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) {
      done();
      return;
    }
    done(this.decide());
  }

  override _flush(done: TransformCallback): void {
    done(this.decided ? null : this.decide());
  }

  private decide(): Error | null {
    this.decided = true;
    const held = Buffer.concat(this.head);
    this.head = [];
    this.detected = sniffContentType(held);
    const type = this.detected;
    if (!type || type.executable || !this.allowed.includes(type.mimeType as DocumentType))
      return new ContentNotAllowedError(type?.mimeType ?? null, this.allowed);
    this.push(held);
    return null;
  }
}

/**
 * Pipes `source` through a ContentSniffer and waits until it has decided: the type found and
 * the stream to store (which replays the held-back head). Refusals (executable, not allowed,
 * empty) reject before any byte was handed on, so the caller can refuse before storing.
 */
export async function sniffUpload(
  source: NodeJS.ReadableStream,
  allowed: readonly DocumentType[] = DOCUMENT_TYPES,
): Promise<{ mimeType: DocumentType; body: ContentSniffer }> {
  const sniffer = new ContentSniffer(allowed);
  source.on('error', (error: Error) => sniffer.destroy(error));
  source.pipe(sniffer);
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      sniffer.off('error', fail);
      resolve();
    };
    const fail = (error: Error) => {
      sniffer.off('readable', done);
      reject(error);
    };
    sniffer.once('readable', done);
    sniffer.once('error', fail);
  });
  if (!sniffer.detected) throw new ContentNotAllowedError(null, allowed);
  return { mimeType: sniffer.detected.mimeType as DocumentType, body: sniffer };
}
