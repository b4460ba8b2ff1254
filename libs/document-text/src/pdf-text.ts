import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UnreadableDocumentError } from './document-text.port';

/**
 * The worker's program: pdf.js (through unpdf, an ES module) reads the text layer. It runs in
 * a worker thread so a hostile PDF cannot hold the event loop, and is terminated at a deadline.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.unpdf).then(async ({ extractText, getDocumentProxy }) => {
  try {
    const pdf = await getDocumentProxy(new Uint8Array(workerData.bytes), { verbosity: 0 });
    const { totalPages, text } = await extractText(pdf, { mergePages: true });
    parentPort.postMessage({ ok: true, pages: totalPages, text });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message || error) });
  }
});
`;

interface WorkerAnswer {
  ok: boolean;
  pages?: number;
  text?: string;
  message?: string;
}

/** The ES module build of unpdf, resolved from here so it works from src/ and dist/ alike. */
function unpdfModuleUrl(): string {
  const cjs = require.resolve('unpdf');
  return pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
}

export async function extractPdfText(
  bytes: Buffer,
  timeoutMs: number,
): Promise<{ text: string; pages: number }> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { bytes, unpdf: unpdfModuleUrl() },
    resourceLimits: { maxOldGenerationSizeMb: 128 },
  });
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new UnreadableDocumentError(`PDF text extraction took over ${timeoutMs} ms`)),
        timeoutMs,
      );
      worker.once('message', (message: WorkerAnswer) => {
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (error: Error) => {
        clearTimeout(timer);
        reject(new UnreadableDocumentError(`PDF text extraction failed: ${error.message}`));
      });
    });
    if (!answer.ok) throw new UnreadableDocumentError(`Unreadable PDF: ${answer.message}`);
    return { text: answer.text ?? '', pages: answer.pages ?? 0 };
  } finally {
    await worker.terminate();
  }
}
