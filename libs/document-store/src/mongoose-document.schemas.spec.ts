import {
  DOCUMENT_STORE_MODELS,
  DocumentsSchema,
  VerificationPayloadsSchema,
} from './mongoose-document.schemas';

describe("spec 000's MongoDB collections", () => {
  it('declares the documents indexes on the stored body, s3Key unique', () => {
    expect(DocumentsSchema.indexes()).toEqual(
      expect.arrayContaining([
        [{ tenantId: 1 }, expect.anything()],
        [{ 'body.contractorId': 1, 'body.type': 1, 'body.createdAt': -1 }, expect.anything()],
        [{ 'body.s3Key': 1 }, expect.objectContaining({ unique: true })],
        [{ 'body.contractorId': 1, 'body.hash': 1 }, expect.objectContaining({ unique: true })],
      ]),
    );
  });

  it('declares the verification_payloads index', () => {
    expect(VerificationPayloadsSchema.indexes()).toEqual(
      expect.arrayContaining([
        [{ 'body.contractorId': 1, 'body.provider': 1, 'body.createdAt': -1 }, expect.anything()],
      ]),
    );
  });

  it('registers both collections under their spec names', () => {
    expect(DOCUMENT_STORE_MODELS.map((m) => m.collection)).toEqual([
      'documents',
      'verification_payloads',
    ]);
  });
});
