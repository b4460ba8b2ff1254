import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { dirname, join } from 'node:path';
import { createWorker, OEM, Worker } from 'tesseract.js';
import {
  DocumentTextExtractor,
  ExtractableType,
  ExtractedText,
  UnreadableDocumentError,
} from './document-text.port';
import { extractPdfText } from './pdf-text';

export interface LocalDocumentTextOptions {
  /** A PDF whose text layer takes longer than this is given up on. */
  pdfTimeoutMs?: number;
}

/**
 * The English LSTM model from the npm package `@tesseract.js-data/eng`, read from disk:
 * tesseract.js would otherwise fetch it from a CDN at run time.
 */
export function englishLanguageDataPath(): string {
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

/**
 * PDFs through their text layer (unpdf / pdf.js), images through tesseract.js with its
 * local English data. One OCR worker thread, created on first use and shared; tesseract
 * workers process one image at a time, so calls queue behind each other.
 */
@Injectable()
export class LocalDocumentTextExtractor extends DocumentTextExtractor implements OnModuleDestroy {
  private worker: Promise<Worker> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pdfTimeoutMs: number;

  constructor(options: LocalDocumentTextOptions = {}) {
    super();
    this.pdfTimeoutMs = options.pdfTimeoutMs ?? 30_000;
  }

  async extract(bytes: Buffer, mimeType: ExtractableType): Promise<ExtractedText> {
    if (mimeType === 'application/pdf') {
      const { text, pages } = await extractPdfText(bytes, this.pdfTimeoutMs);
      return { text: normalise(text), method: 'pdf-text', confidence: null, pages };
    }
    const run = this.queue.then(() => this.recognise(bytes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await (await worker).terminate();
  }

  private async recognise(bytes: Buffer): Promise<ExtractedText> {
    this.worker ??= createWorker('eng', OEM.LSTM_ONLY, {
      langPath: englishLanguageDataPath(),
      gzip: true,
      // no cache file written beside the process, no download attempted
      cacheMethod: 'none',
    });
    const worker = await this.worker;
    try {
      const { data } = await worker.recognize(bytes);
      return {
        text: normalise(data.text),
        method: 'ocr',
        confidence: Math.round(data.confidence),
        pages: 1,
      };
    } catch (error) {
      throw new UnreadableDocumentError(
        `OCR failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function normalise(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
