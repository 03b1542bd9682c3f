// Unit tests: every *.spec.ts under libs/ and apps/. Integration tests (real Kafka,
// PostgreSQL, Redis) are *.integration-spec.ts under jest.integration.config.js.
const { readFileSync } = require('node:fs');
const swcrc = JSON.parse(readFileSync(__dirname + '/.swcrc', 'utf8'));
delete swcrc.$schema;
const { compilerOptions } = JSON.parse(readFileSync(__dirname + '/tsconfig.base.json', 'utf8'));

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper['^' + alias.replace('/', '\\/') + '$'] = '<rootDir>/' + target;
}

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  globalSetup: '<rootDir>/tools/jest-build.js',
  testMatch: ['<rootDir>/{libs,apps}/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false, sourceMaps: 'inline' }],
    // NestJS 11+ ships ES modules only, which Jest on Node 20 cannot require: compile them to CommonJS.
    '/node_modules/@nestjs/.+\\.js$': ['@swc/jest', { ...swcrc, swcrc: false, jsc: { ...swcrc.jsc, parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
