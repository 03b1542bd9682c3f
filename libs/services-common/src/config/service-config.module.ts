import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { loadConfig, maskConfig } from '@closegap/config';
import type { ServiceName } from '@closegap/config';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/**
 * The validated configuration of one service, loaded once at boot (a bad environment stops
 * the process with every problem listed) and logged with secrets masked.
 */
@Global()
@Module({})
export class ServiceConfigModule {
  /** A config already loaded by main.ts (it needs it before Nest starts, for telemetry). */
  static withConfig(service: ServiceName, config: object): DynamicModule {
    new Logger('Config').log(`${service}: ${JSON.stringify(maskConfig(config as Record<string, unknown>))}`);
    return { module: ServiceConfigModule, providers: [{ provide: SERVICE_CONFIG, useValue: config }], exports: [SERVICE_CONFIG] };
  }

  static forService(service: ServiceName, overrides: Record<string, string | undefined> = {}): DynamicModule {
    return {
      module: ServiceConfigModule,
      providers: [
        {
          provide: SERVICE_CONFIG,
          useFactory: () => {
            const config = loadConfig(service, { ...process.env, ...overrides });
            new Logger('Config').log(`${service}: ${JSON.stringify(maskConfig(config as Record<string, unknown>))}`);
            return config;
          },
        },
      ],
      exports: [SERVICE_CONFIG],
    };
  }
}
