/** A structural problem with the bundle: the run stops (exit code 2) and names file, line and column. */
export class BundleError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: string | undefined,
    readonly problem: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}${column ? ` column ${column}` : ''}: ${problem}`);
    this.name = 'BundleError';
  }
}

/** A row that could not be used, kept with the reason (quarantine.csv). Nothing is dropped without a trace. */
export interface QuarantineEntry {
  source: string;
  record_id: string;
  file: string;
  line: number;
  column?: string;
  reason: string;
  /** the row as read, JSON */
  raw: string;
}
