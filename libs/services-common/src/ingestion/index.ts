/** The framework-free part of services-common (jest cannot load the ESM-only @nestjs packages). */
export * from './crm-view';
export * from './client-keyer';
export * from './pipeline';
export * from './replay';
