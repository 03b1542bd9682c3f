import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MalformedResponseError } from '../http/errors';

/**
 * Saved API responses: `<dir>/<entity>/*.json` (each file one page exactly as the API returned
 * it, read in name order) or a single `<dir>/<entity>.json`. The same layout is the connectors'
 * test data, so a customer's dump, the recorded samples and the test servers all share it.
 */
export class DumpDir {
  constructor(readonly dir: string) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`dump folder not found: ${dir}`);
  }

  has(entity: string): boolean {
    return this.files(entity).length > 0;
  }

  /** throws DumpEntityMissing when the dump holds no page of `entity`: absent is not empty */
  *pages(entity: string): Generator<unknown> {
    const files = this.files(entity);
    if (files.length === 0) throw new DumpEntityMissing(entity, this.dir);
    for (const file of files) {
      const raw = readFileSync(file, 'utf8');
      try {
        yield JSON.parse(raw) as unknown;
      } catch {
        throw new MalformedResponseError(`${file} is not JSON`);
      }
    }
  }

  files(entity: string): string[] {
    const folder = join(this.dir, entity);
    const single = join(this.dir, `${entity}.json`);
    const out: string[] = [];
    if (existsSync(single)) out.push(single);
    if (existsSync(folder) && statSync(folder).isDirectory()) {
      out.push(
        ...readdirSync(folder)
          .filter((f) => f.endsWith('.json'))
          .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
          .map((f) => join(folder, f)),
      );
    }
    return out;
  }
}

/** The dump has no page of an entity: the files it feeds are not written (never written empty). */
export class DumpEntityMissing extends Error {
  constructor(
    readonly entity: string,
    dir: string,
  ) {
    super(`${dir} holds no ${entity} pages (${entity}/*.json or ${entity}.json)`);
  }
}
