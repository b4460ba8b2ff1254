import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { KeyStore } from '@opsledger/auth';
import { join } from 'node:path';
import { DiskObjectStorage } from './disk-object-storage';
import { ObjectDownloadsController } from './object-downloads.controller';
import { ObjectStorage } from './object-storage.port';
import { S3ObjectStorage, S3ObjectStorageOptions } from './s3-object-storage';
import { DownloadSigner } from './signed-download';

export interface ObjectStorageOptions {
  /** Local disk: objects live under `<dataDir>/objects`. Used when `s3` is absent. */
  dataDir: string;
  /** Any S3 API; takes the place of the disk. */
  s3?: S3ObjectStorageOptions;
  /** Where the service is reached from outside: the disk adapter's signed URLs start with it. */
  publicUrl: string;
}

/** Label of the HKDF-derived secret (see KeyStore.deriveSecret) that signs download URLs. */
export const DOWNLOAD_URL_SECRET = 'object-storage-download-url';

/**
 * Binds the `ObjectStorage` port to one adapter for the whole application: S3 when it is
 * configured, the local disk otherwise, in which case this module also serves the disk's
 * signed download URLs (`GET /api/v1/object-downloads`). Needs `KeyStore` (PlatformModule).
 */
@Global()
@Module({})
export class ObjectStorageModule {
  static forRoot(options: ObjectStorageOptions): DynamicModule {
    if (options.s3) {
      const s3 = options.s3;
      return {
        module: ObjectStorageModule,
        providers: [{ provide: ObjectStorage, useFactory: () => new S3ObjectStorage(s3) }],
        exports: [ObjectStorage],
      };
    }
    const providers: Provider[] = [
      {
        provide: DownloadSigner,
        useFactory: (keys: KeyStore) =>
          new DownloadSigner(keys.deriveSecret(DOWNLOAD_URL_SECRET), options.publicUrl),
        inject: [KeyStore],
      },
      {
        provide: ObjectStorage,
        useFactory: (signer: DownloadSigner) =>
          new DiskObjectStorage({ root: join(options.dataDir, 'objects'), signer }),
        inject: [DownloadSigner],
      },
    ];
    return {
      module: ObjectStorageModule,
      controllers: [ObjectDownloadsController],
      providers,
      exports: [ObjectStorage],
    };
  }
}
