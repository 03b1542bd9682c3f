import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { EventBus } from '@closegap/messaging';
import { PresendModule } from './app.module';
import { maskPresendConfig } from './config';
import type { PresendConfig } from './config';
import { setupOpenApi } from './http/openapi';
import { PresendRuntime } from './runtime';

/** Body failures as the API's JSON errors: 413 over the limit, 400 for JSON that does not parse. */
function bodyError(err: FastifyError, reply: FastifyReply): boolean {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    void reply.status(413).send({ statusCode: 413, error: 'Payload Too Large', message: 'the request body is over the limit' });
    return true;
  }
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError) {
    void reply.status(400).send({ statusCode: 400, error: 'Bad Request', message: 'the body is not valid JSON', errors: [{ path: '(body)', message: err.message }] });
    return true;
  }
  return false;
}

/**
 * Builds the app (main.ts, the benchmark and tests start it the same way). Fastify rather than
 * Express under Nest: on the check's hot path it costs about half as much per request.
 */
export async function createApp(config: PresendConfig, options: { bus?: EventBus } = {}): Promise<INestApplication> {
  new Logger('Config').log(`presend: ${JSON.stringify(maskPresendConfig(config))}`);
  const adapter = new FastifyAdapter({ bodyLimit: config.PRESEND_MAX_BODY_KB * 1024 });
  // raw body kept for the QuickBooks signature and the verdict cache key
  const app = await NestFactory.create<NestFastifyApplication>(PresendModule.register(config, options.bus), adapter, { rawBody: true, logger: ['log', 'warn', 'error'] });
  const fastify = app.getHttpAdapter().getInstance();
  const nestHandler = fastify.errorHandler;
  fastify.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (!bodyError(err, reply)) return nestHandler.call(fastify, err, req, reply);
  });
  // how long the server held each request (arrival to answer): a client, or bench:presend, can
  // tell the server's share of a slow answer from the network's and its own
  fastify.addHook('onSend', (_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    void reply.header('Server-Timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
    done(null, payload);
  });
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
