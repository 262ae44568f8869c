/**
 * Four projects over one base. Packages that ship only as ES modules (jose; content-disposition,
 * which @fastify/static requires) are compiled to CommonJS for jest, which on Node 20 cannot
 * require an ES module.
 */
const ESM_ONLY = ['jose', 'content-disposition'];

const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: '.',
  // TypeORM keeps its metadata in globals, which must outlive each test file.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  transform: {
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, diagnostics: false },
    ],
  },
  // Also where npm nests them, as in node_modules/@fastify/static/node_modules/content-disposition.
  transformIgnorePatterns: [`/node_modules/(?!(.+/node_modules/)?(${ESM_ONLY.join('|')})/)`],
};

module.exports = {
  // A global option (jest ignores it inside a project): an e2e test boots apps, and its first
  // verify or export starts the audit worker thread.
  testTimeout: 30_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    { ...base, displayName: 'workflows', testMatch: ['<rootDir>/test/workflows/**/*.spec.ts'] },
    { ...base, displayName: 'web', testMatch: ['<rootDir>/test/web/**/*.web-spec.ts'] },
  ],
};
