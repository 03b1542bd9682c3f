// first: kafkajs' idle timer loop is patched before any client connects
export * from './kafkajs-idle-fix';
export * from './topics';
export * from './partitioner';
export * from './envelopes';
export * from './exception-event';
export * from './records';
export * from './bus';
export * from './in-memory-bus';
export * from './kafka-bus';
