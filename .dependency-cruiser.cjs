/** Layer rules that CI enforces (`npm run lint`). */
module.exports = {
  forbidden: [
    {
      name: 'domain-stays-pure',
      severity: 'error',
      comment: 'A domain/ folder imports no framework, ORM, validation, Swagger or HTTP code (the CQRS AggregateRoot is the one exception).',
      from: { path: '^src/modules/[^/]+/domain/' },
      to: {
        path: '^node_modules/(@nestjs/(?!cqrs)|typeorm|mongoose|class-validator|class-transformer|fastify|@fastify|pg/|passport)',
      },
    },
    {
      name: 'domain-does-not-reach-out',
      severity: 'error',
      comment: 'The domain does not import application, infrastructure or api code.',
      from: { path: '^src/modules/([^/]+)/domain/' },
      to: { path: '^src/modules/[^/]+/(application|infrastructure|api)/' },
    },
    {
      name: 'no-cross-context-internals',
      severity: 'error',
      comment: 'Contexts talk through published events or an exported query service, never by importing another context’s internals.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/[^/]+\\.public\\.ts$'] },
    },
    {
      name: 'libs-do-not-import-the-app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^src/' },
    },
    {
      name: 's3-sdk-only-in-its-adapter',
      severity: 'error',
      comment: 'Code stores files through the ObjectStorage port (libs/object-storage); only the S3 adapters (file storage, the ledger witness with its object lock) speak the AWS SDK.',
      from: { pathNot: '^libs/(object-storage/src/s3-object-storage|event-store/src/s3-ledger-witness)\\.ts$' },
      to: { path: '^node_modules/@aws-sdk/' },
    },
    {
      name: 'crypto-stands-alone',
      severity: 'error',
      comment: 'The data key ring is the bottom layer: every lib and context may use it, so it imports no other lib.',
      from: { path: '^libs/crypto/' },
      to: { path: '^libs/(?!crypto/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec|\\.int-spec|\\.e2e-spec)\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
