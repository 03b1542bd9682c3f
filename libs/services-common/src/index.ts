export * from './ingestion/crm-view';
export * from './ingestion/client-keyer';
export * from './ingestion/pipeline';
export * from './ingestion/replay';
export * from './config/service-config.module';
export * from './bus/bus.module';
export * from './bus/event-bus.transport';
export * from './health/indicators';
