import { z } from 'zod';
import { httpEnv, ingestionEnv, kafkaEnv, matchingEnv, otelEnv, postgresEnv, redisEnv } from './fragments';

const ingestion = (port: number) => kafkaEnv.extend(httpEnv(port).shape).extend(ingestionEnv.shape).extend(otelEnv.shape);

/** One schema per service: what it needs, nothing more. */
export const SERVICE_SCHEMAS = {
  'crm-ingestion': ingestion(3001),
  'timesheet-ingestion': ingestion(3002),
  'finance-ingestion': ingestion(3003),
  matching: kafkaEnv.extend(postgresEnv.shape).extend(redisEnv.shape).extend(httpEnv(3004).shape).extend(matchingEnv.shape).extend(otelEnv.shape),
  /** `recon replay`, `recon exceptions`, `recon migrate` */
  cli: kafkaEnv.extend(postgresEnv.shape).extend(matchingEnv.shape),
  /** `npm run bench:stream` */
  bench: kafkaEnv.extend(postgresEnv.shape).extend(redisEnv.shape),
} as const;

export type ServiceName = keyof typeof SERVICE_SCHEMAS;
export type ServiceConfig<S extends ServiceName> = z.output<(typeof SERVICE_SCHEMAS)[S]>;
export type IngestionServiceName = 'crm-ingestion' | 'timesheet-ingestion' | 'finance-ingestion';
export type IngestionConfig = ServiceConfig<IngestionServiceName>;
export type MatchingConfig = ServiceConfig<'matching'>;
export type CliConfig = ServiceConfig<'cli'>;
