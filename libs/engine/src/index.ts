export * from './recon-engine';
export * from './placer';
export * from './assemble';
export * from './invoice-week';
export * from './run-batch';
export * from './matches';
export * from './summary';
export * from './score';
