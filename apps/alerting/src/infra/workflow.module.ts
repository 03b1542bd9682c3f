import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@closegap/audit';
import { AccessService, WorkflowQueries, WorkflowService, openWorkflowDataSource } from '@closegap/workflow';
import { ALERTING_CONFIG, AlertingConfig } from '../config';
import { CLOCK, DATA_SOURCE } from './tokens';

export type Clock = () => Date;

/** The database connection and the workflow services, one instance each for the app. */
@Global()
@Module({})
export class WorkflowModule implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  static forRoot(config: AlertingConfig, clock: Clock = () => new Date()): DynamicModule {
    return {
      module: WorkflowModule,
      providers: [
        { provide: ALERTING_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        {
          provide: DATA_SOURCE,
          useFactory: () => openWorkflowDataSource(config.DATABASE_URL, { migrate: config.DB_MIGRATE_ON_BOOT, applicationName: 'closegap-alerting' }),
        },
        { provide: AuditLog, useFactory: (ds: DataSource) => new AuditLog(ds), inject: [DATA_SOURCE] },
        { provide: WorkflowService, useFactory: (ds: DataSource, audit: AuditLog, c: Clock) => new WorkflowService(ds, audit, c), inject: [DATA_SOURCE, AuditLog, CLOCK] },
        { provide: WorkflowQueries, useFactory: (ds: DataSource, audit: AuditLog, c: Clock) => new WorkflowQueries(ds, audit, c, config.SLA_POLICY), inject: [DATA_SOURCE, AuditLog, CLOCK] },
        { provide: AccessService, useFactory: (ds: DataSource, audit: AuditLog, c: Clock) => new AccessService(ds, audit, c), inject: [DATA_SOURCE, AuditLog, CLOCK] },
      ],
      exports: [ALERTING_CONFIG, CLOCK, DATA_SOURCE, AuditLog, WorkflowService, WorkflowQueries, AccessService],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}
