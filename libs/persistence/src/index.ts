export * from './database-errors';
export * from './db';
export * from './embedded-postgres';
export * from './persistence.module';
export * from './request-context';
export * from './unit-of-work.interceptor';
export * from './sql';
export * from './periodic-task';
