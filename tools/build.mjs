// Compiles apps/ and libs/ TypeScript to dist/ with swc (decorator metadata for NestJS,
// tsconfig path aliases rewritten to relative requires). Incremental by mtime, so a
// second run is near-instant. Type checking is separate: `npm run typecheck`.
import { transformFile } from '@swc/core';
import { readdirSync, statSync, mkdirSync, writeFileSync, readFileSync, existsSync, copyFileSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const ASSET = /\.(html|css|json|sql|svg|js)$/;

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) yield* walk(p);
    else yield p;
  }
}

const isSource = (p) => p.endsWith('.ts') && !p.endsWith('.d.ts') && !/\.(spec|integration-spec|e2e-spec)\.ts$/.test(p);
let built = 0;
let copied = 0;
const jobs = [];
// a change of compiler settings recompiles everything
const stampFile = join(root, 'dist/.build-settings');
const settings = JSON.stringify({ swcrc, paths: tsconfig.compilerOptions.paths });
const fresh = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === settings;
for (const top of ['libs', 'apps']) {
  for (const src of walk(join(root, top))) {
    const rel = relative(root, src);
    if (rel.includes('/test/') || rel.includes('/__fixtures__/')) continue;
    if (isSource(src)) {
      const out = join(root, 'dist', rel.replace(/\.ts$/, '.js'));
      if (fresh && existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs) continue;
      jobs.push(
        transformFile(src, {
          ...swcrc,
          filename: src,
          swcrc: false,
          jsc: { ...swcrc.jsc, baseUrl: root, paths: tsconfig.compilerOptions.paths },
        }).then((res) => {
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, res.code + `\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
          if (res.map) writeFileSync(out + '.map', res.map);
          built++;
        }),
      );
    } else if (ASSET.test(src) && src.includes('/src/')) {
      const out = join(root, 'dist', rel);
      if (existsSync(out) && statSync(out).mtimeMs >= statSync(src).mtimeMs) continue;
      mkdirSync(dirname(out), { recursive: true });
      copyFileSync(src, out);
      copied++;
    }
  }
}
await Promise.all(jobs);
mkdirSync(dirname(stampFile), { recursive: true });
writeFileSync(stampFile, settings);
if (!quiet || built > 0) process.stderr.write(`build: ${built} file(s) compiled, ${copied} asset(s) copied\n`);
