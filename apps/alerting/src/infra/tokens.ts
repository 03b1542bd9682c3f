/** DI tokens for the framework-free services of libs/workflow and libs/audit. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const CLOCK = Symbol('CLOCK');
