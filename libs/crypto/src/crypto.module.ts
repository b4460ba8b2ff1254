import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataKeyRing, DataKeyRingOptions } from './data-key-ring';

/** The data key ring, loaded once at boot, for every module. */
@Global()
@Module({})
export class CryptoModule {
  static forRoot(options: DataKeyRingOptions): DynamicModule {
    return {
      module: CryptoModule,
      providers: [
        {
          provide: DataKeyRing,
          useFactory: async () => {
            const ring = new DataKeyRing();
            await ring.load(options);
            return ring;
          },
        },
      ],
      exports: [DataKeyRing],
    };
  }
}
