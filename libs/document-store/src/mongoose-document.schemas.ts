import { ModelDefinition } from '@nestjs/mongoose';
import { Schema } from 'mongoose';

/** The named Mongoose connection `MongooseModule` opens for the document store. */
export const DOCUMENT_STORE_CONNECTION = 'document-store';

/**
 * Every collection stores a document as `{ _id, tenantId, body, updatedAt }` (see
 * MongooseDocumentStore); the body holds the spec's fields, so its indexes are on `body.*`.
 */
function storedDocumentSchema(collection: string): Schema {
  const schema = new Schema(
    {
      _id: { type: String, required: true },
      tenantId: { type: String, default: null },
      body: { type: Schema.Types.Mixed, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection, versionKey: false, minimize: false, strict: false, _id: false },
  );
  // The tenant filter every scoped read adds.
  schema.index({ tenantId: 1 });
  return schema;
}

/** Spec 000 `documents`: uploaded files' metadata, OCR data and verification status. */
export const DocumentsSchema = storedDocumentSchema('documents');
DocumentsSchema.index({ 'body.contractorId': 1, 'body.type': 1, 'body.createdAt': -1 });
DocumentsSchema.index(
  { 'body.s3Key': 1 },
  { unique: true, partialFilterExpression: { 'body.s3Key': { $exists: true } } },
);
// A file is stored once per contractor, also when two uploads of it race.
DocumentsSchema.index(
  { 'body.contractorId': 1, 'body.hash': 1 },
  { unique: true, partialFilterExpression: { 'body.hash': { $exists: true } } },
);

/** Spec 000 `verification_payloads`: provider webhooks and requests kept for audit and replay. */
export const VerificationPayloadsSchema = storedDocumentSchema('verification_payloads');
VerificationPayloadsSchema.index({
  'body.contractorId': 1,
  'body.provider': 1,
  'body.createdAt': -1,
});

/** The models `MongooseModule.forFeature` registers (and whose indexes Mongoose builds). */
export const DOCUMENT_STORE_MODELS: ModelDefinition[] = [
  { name: 'Document', schema: DocumentsSchema, collection: 'documents' },
  {
    name: 'VerificationPayload',
    schema: VerificationPayloadsSchema,
    collection: 'verification_payloads',
  },
];
