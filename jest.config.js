/* One Jest run covers the three tiers: unit (*.spec.ts), integration against real
 * PostgreSQL (*.int-spec.ts) and end-to-end HTTP (test/*.e2e-spec.ts). */
const { existsSync, readFileSync } = require('fs');
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;
swc.jsc.baseUrl = __dirname;

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  // Without MONGODB_URI there is no MongoDB to run the Mongoose adapter's contract suite
  // against; global setup says so in the output.
  // Without Chromium (Debian package `chromium`, or CHROMIUM_PATH) the browser suites cannot run.
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    ...(process.env.MONGODB_URI ? [] : ['mongoose-document-store\\.int-spec\\.ts$']),
    ...(existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') ? [] : ['/test/browser/']),
  ],
  // jose, content-disposition, openid-client and oauth4webapi ship ES modules only; SWC turns
  // them into CommonJS for Jest.
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
  transformIgnorePatterns: ['/node_modules/(?!(jose|content-disposition|openid-client|oauth4webapi)/)'],
  moduleNameMapper: {
    '^@opsledger/(ddd|persistence|event-store|document-store|auth|http|crypto|personal-data|testing|object-storage|jobs|document-text)$': '<rootDir>/libs/$1/src',
    '^@opsledger/migrations$': '<rootDir>/migrations',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
