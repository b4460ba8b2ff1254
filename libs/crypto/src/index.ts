export * from './aes-gcm';
export * from './crypto.module';
export * from './data-key-ring';
export * from './subject-cipher';
export * from './webhook-signature';
export * from './ecdsa-jws';
