import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { EventBus } from '@closegap/messaging';
import { PresendModule } from './app.module';
import { maskPresendConfig } from './config';
import type { PresendConfig } from './config';
import type { AuthedRequest } from './http/auth.guard';
import { setupOpenApi } from './http/openapi';
import { PresendRuntime } from './runtime';

/** Body-parser failures as the API's JSON errors: 413 over the limit, 400 for JSON that does not parse. */
function bodyErrors(err: { type?: string; message?: string }, _req: Request, res: Response, next: NextFunction): void {
  if (err?.type === 'entity.too.large') {
    res.status(413).json({ statusCode: 413, error: 'Payload Too Large', message: 'the request body is over the limit' });
    return;
  }
  if (err?.type === 'entity.parse.failed') {
    res.status(400).json({ statusCode: 400, error: 'Bad Request', message: 'the body is not valid JSON', errors: [{ path: '(body)', message: err.message ?? 'not JSON' }] });
    return;
  }
  next(err);
}

/** Builds the app (main.ts, the benchmark and tests start it the same way). */
export async function createApp(config: PresendConfig, options: { bus?: EventBus } = {}): Promise<INestApplication> {
  new Logger('Config').log(`presend: ${JSON.stringify(maskPresendConfig(config))}`);
  const app = await NestFactory.create<NestExpressApplication>(PresendModule.register(config, options.bus), { bodyParser: false, logger: ['log', 'warn', 'error'] });
  app.disable('x-powered-by');
  // raw body kept for the QuickBooks signature
  app.use(json({ limit: config.PRESEND_MAX_BODY_KB * 1024, verify: (req: AuthedRequest, _res: Response, buf: Buffer) => void (req.rawBody = buf) }));
  app.use(bodyErrors);
  setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}

/** Listens first (health says "loading"), then loads every tenant's live state. */
export async function serve(config: PresendConfig, options: { bus?: EventBus } = {}): Promise<INestApplication> {
  const app = await createApp(config, options);
  await app.listen(config.PORT, config.HOST);
  const runtime = app.get(PresendRuntime);
  await runtime.start();
  new Logger('Presend').log(`listening on ${config.HOST}:${config.PORT}; ${config.tenants.length} tenant(s) loading`);
  return app;
}
