import { LocalDocumentTextExtractor } from './local-document-text.extractor';
import { renderTextPdf, renderTextPng } from './testing/text-raster';

describe('LocalDocumentTextExtractor', () => {
  const extractor = new LocalDocumentTextExtractor({ pdfTimeoutMs: 20_000 });
  afterAll(() => extractor.onModuleDestroy());

  it('reads the text layer of a PDF the test wrote', async () => {
    const pdf = renderTextPdf(['CERTIFICATE OF INSURANCE', 'Policy Number: GL-445566']);
    const result = await extractor.extract(pdf, 'application/pdf');
    expect(result).toEqual({
      text: 'CERTIFICATE OF INSURANCE\nPolicy Number: GL-445566',
      method: 'pdf-text',
      confidence: null,
      pages: 1,
    });
  });

  it('recognises the text of an image the test drew, with the local English data', async () => {
    const png = renderTextPng([
      'CERTIFICATE OF INSURANCE',
      'POLICY NUMBER: GL-445566',
      'EXPIRES: 2027-05-01',
    ]);
    const result = await extractor.extract(png, 'image/png');
    expect(result.method).toBe('ocr');
    expect(result.text).toContain('GL-445566');
    expect(result.text).toContain('2027-05-01');
    expect(result.confidence).toBeGreaterThan(70);
  });

  it('reads different text from a different image (nothing is cached or fixed)', async () => {
    const png = renderTextPng(['POLICY NUMBER: WC-778899']);
    const result = await extractor.extract(png, 'image/png');
    expect(result.text).toContain('WC-778899');
    expect(result.text).not.toContain('GL-445566');
  });

  it('answers UnreadableDocumentError for bytes that are not a PDF', async () => {
    await expect(
      extractor.extract(Buffer.from('%PDF-1.4\nthis is not a pdf'), 'application/pdf'),
    ).rejects.toMatchObject({ name: 'UnreadableDocumentError' });
  });
});
