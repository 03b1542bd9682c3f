export * from './errors';
export * from './schema';
export * from './read-table';
export * from './read-bundle';
export * from './rules-file';
export * from './rate-type-mapping';
export * from './write-outputs';
