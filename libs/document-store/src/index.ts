export * from './document-store.module';
export * from './document-store.port';
export * from './invalid-cursor.error';
export * from './invalid-document-query.error';
export * from './mongoose-document-store';
export * from './mongoose-document.schemas';
export * from './postgres-document-store';
