export { generateSample, DEFAULT_AS_OF } from './generate';
export type { GenerateOptions, GeneratedSample } from './generate';
export type { TruthRecord } from './truth';
export { truthKey, TRUTH_COLUMNS } from './truth';
export { writeSample, readTruth, truthToCsv } from './io';
export { BUNDLE_COLUMNS } from './emit';
export type { BundleFile } from './emit';
export { Rng } from './prng';
