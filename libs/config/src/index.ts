export * from './fragments';
export * from './service-schemas';
export * from './load-config';
