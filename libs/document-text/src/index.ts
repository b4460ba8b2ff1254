export * from './document-text.module';
export * from './document-text.port';
export * from './local-document-text.extractor';
