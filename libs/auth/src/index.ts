export * from './access-token';
export * from './auth.guards';
export * from './decorators';
export * from './external-token';
export * from './jwt.strategy';
export * from './key-store';
export * from './token-issuer';
export * from './testing/test-keys.module';
