// Jest global setup: CLI tests run the built `recon` (dist/), so build it first (incremental, ~1 s).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function buildOnce() {
  execFileSync(process.execPath, [join(__dirname, 'build.mjs'), '--quiet'], { stdio: 'inherit' });
};
