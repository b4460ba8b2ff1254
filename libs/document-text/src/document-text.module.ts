import { Global, Module } from '@nestjs/common';
import { DocumentTextExtractor } from './document-text.port';
import { LocalDocumentTextExtractor } from './local-document-text.extractor';

/** Binds `DocumentTextExtractor` to the local (offline) PDF and OCR reader. */
@Global()
@Module({
  providers: [
    { provide: DocumentTextExtractor, useFactory: () => new LocalDocumentTextExtractor() },
  ],
  exports: [DocumentTextExtractor],
})
export class DocumentTextModule {}
