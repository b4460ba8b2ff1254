import { Global, Module } from '@nestjs/common';
import { KeyStore } from '../key-store';

/** A platform key set of its own, as the PlatformModule provides it to the app. */
@Global()
@Module({
  providers: [
    {
      provide: KeyStore,
      useFactory: async () => {
        const keys = new KeyStore();
        await keys.load({ generateIfMissing: true });
        return keys;
      },
    },
  ],
  exports: [KeyStore],
})
export class TestKeysModule {}
