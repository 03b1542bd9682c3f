// Integration and end-to-end tests: *.integration-spec.ts, run in band against the real
// PostgreSQL, Redis and Kafka started by deploy/scripts/infra.sh (never mocked).
const unit = require('./jest.config.js');

module.exports = {
  ...unit,
  testMatch: ['<rootDir>/{libs,apps}/**/*.integration-spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
