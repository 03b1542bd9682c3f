export * from './ingestion';
export * from './health/probe';
export * from './config/service-config.module';
export * from './bus/bus.module';
export * from './bus/event-bus.transport';
export * from './health/indicators';
