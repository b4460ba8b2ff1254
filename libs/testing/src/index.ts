export * from './test-database';
export * from './ledger-horizon';
