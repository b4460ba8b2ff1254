import { StreamableFile } from '@nestjs/common';
import * as QRCode from 'qrcode';

/** The venue's code as a printable image: PNG (default) or SVG. */
export async function qrImage(code: string, format: 'png' | 'svg'): Promise<StreamableFile> {
  if (format === 'svg') {
    const svg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return new StreamableFile(Buffer.from(svg, 'utf8'), {
      type: 'image/svg+xml',
      disposition: 'inline; filename="meeting-qr.svg"',
    });
  }
  const png = await QRCode.toBuffer(code, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 2,
    width: 512,
  });
  return new StreamableFile(png, {
    type: 'image/png',
    disposition: 'inline; filename="meeting-qr.png"',
  });
}
