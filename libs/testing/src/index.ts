export * from './builders';
export * from './week-builder';
