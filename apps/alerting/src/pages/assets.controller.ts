import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Public } from '../auth/decorators';

/**
 * Static assets, served by the app itself (no CDN at run time): the console's CSS and JS next
 * to this file, and Chart.js's UMD build straight from node_modules.
 */
const ASSETS: Record<string, { path: () => string; type: string }> = {
  'console.css': { path: () => join(__dirname, '..', 'assets', 'console.css'), type: 'text/css; charset=utf-8' },
  'console.js': { path: () => join(__dirname, '..', 'assets', 'console.js'), type: 'text/javascript; charset=utf-8' },
  'chart.umd.min.js': { path: () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), type: 'text/javascript; charset=utf-8' },
};

@Controller('assets')
export class AssetsController {
  private readonly cache = new Map<string, Buffer>();

  @Public()
  @Get(':name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const spec = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!spec) throw new NotFoundException(name);
    let body = this.cache.get(name);
    if (!body) this.cache.set(name, (body = readFileSync(spec.path())));
    res.setHeader('content-type', spec.type);
    res.setHeader('cache-control', 'private, max-age=300');
    res.send(body);
  }
}
