/** A bad command line or option value: exit code 2 with the message, like a bundle error. */
export class UsageError extends Error {}
