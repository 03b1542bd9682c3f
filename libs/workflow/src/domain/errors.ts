/** A request the workflow refuses (wrong state, same maker and checker, amount too high). */
export class WorkflowError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid_transition' | 'invalid_input' | 'not_found' | 'maker_checker' | 'forbidden' = 'invalid_input',
  ) {
    super(message);
  }
}
