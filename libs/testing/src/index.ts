export * from './test-database';
export * from './ledger-horizon';
export * from './fault-proxy';
