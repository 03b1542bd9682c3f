import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response, NextFunction } from 'express';
import { AlertingConfig } from './config';
import { AppModule, AppOptions } from './app.module';

/** Builds the app (used by main.ts and by the end-to-end tests, which start it in-process). */
export async function createApp(config: AlertingConfig, options: AppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, options), { logger: options.quiet ? ['error', 'warn'] : ['error', 'warn', 'log'] });
  app.disable('x-powered-by');
  app.use((_req: Request, res: Response, next: NextFunction) => {
    // everything is served by the app itself; no inline script, no third-party origin
    res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  app.enableShutdownHooks();
  return app;
}

export async function serve(config: AlertingConfig): Promise<INestApplication> {
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  new Logger('alerting').log(`console on http://${config.HOST}:${config.PORT}`);
  return app;
}
