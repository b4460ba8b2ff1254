import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@opsledger/auth';
import { ApiProblems } from '@opsledger/http';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { ObjectNotFoundError } from './object-storage.errors';
import { ObjectStorage } from './object-storage.port';
import { contentDisposition, parseRangeHeader } from './object-storage.rules';
import { DownloadSigner } from './signed-download';

export class ObjectDownloadQueryDto {
  @ApiProperty({ description: 'The signed grant from a download URL' })
  @IsString()
  @MinLength(10)
  @MaxLength(4096)
  token!: string;
}

/**
 * Serves the disk adapter's signed URLs: the token is the only credential (no bearer), it
 * names one object and an expiry, and the bytes stream from disk with `Range` support.
 */
@ApiTags('files')
@Public()
@Controller('object-downloads')
export class ObjectDownloadsController {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly signer: DownloadSigner,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Download a file through a short-lived signed URL',
    description:
      'The URL comes from the API that offers the file. Supports a single `Range: bytes=…` ' +
      '(answered 206); an expired or altered URL is a 403.',
  })
  @ApiProduces('application/octet-stream')
  @ApiResponse({ status: 200, description: 'The whole file' })
  @ApiResponse({ status: 206, description: 'The requested byte range (`Content-Range`)' })
  @ApiProblems(400, 403, 404, 416)
  async download(
    @Query() query: ObjectDownloadQueryDto,
    @Headers('range') rangeHeader: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const grant = this.signer.verify(query.token);
    const head = await this.storage.head(grant.key);
    if (!head) throw new ObjectNotFoundError(grant.key);
    const range = parseRangeHeader(rangeHeader, head.size);
    const content = await this.storage.get(grant.key, range ?? undefined);
    const length = content.range ? content.range.end - content.range.start + 1 : content.size;
    void reply
      .status(content.range ? 206 : 200)
      .headers({
        'content-type': content.contentType,
        'content-length': String(length),
        'accept-ranges': 'bytes',
        'cache-control': 'private, no-store',
        'last-modified': content.lastModified.toUTCString(),
        ...(content.range
          ? { 'content-range': `bytes ${content.range.start}-${content.range.end}/${content.size}` }
          : {}),
        ...(grant.filename ? { 'content-disposition': contentDisposition(grant.filename) } : {}),
      })
      .send(content.stream);
  }
}
