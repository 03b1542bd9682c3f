import { WorkflowError } from './errors';

export const EXCEPTION_STATUSES = ['open', 'acknowledged', 'resolved', 'dismissed'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

export function isExceptionStatus(value: string): value is ExceptionStatus {
  return (EXCEPTION_STATUSES as readonly string[]).includes(value);
}

/** Still needs somebody: counted in value at risk, aging and SLAs. */
export function isActive(status: ExceptionStatus): boolean {
  return status === 'open' || status === 'acknowledged';
}

/**
 * Why an exception may be dismissed (fixed list; free text is required beside it). Two of
 * them say what became of the money, and feed the recovery ledger.
 */
export const DISMISSAL_REASONS = {
  false_positive: 'Not an error (the data is right)',
  agreed_variation: 'Agreed with the client (commercial variation)',
  below_materiality: 'Below materiality: not worth pursuing',
  duplicate_exception: 'Same problem reported by another exception',
  write_off: 'Written off: the money will not be recovered',
  client_dispute: 'Disputed by the client: pursued outside Closegap',
} as const;
export type DismissalReason = keyof typeof DISMISSAL_REASONS;

export function isDismissalReason(value: string): value is DismissalReason {
  return Object.prototype.hasOwnProperty.call(DISMISSAL_REASONS, value);
}

/** What people may do to an exception; the system's own moves (auto-close, reopen) are separate. */
export type UserAction = 'acknowledge' | 'resolve' | 'dismiss' | 'reopen';

const ALLOWED: Record<UserAction, { from: readonly ExceptionStatus[]; to: ExceptionStatus }> = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  resolve: { from: ['open', 'acknowledged'], to: 'resolved' },
  dismiss: { from: ['open', 'acknowledged'], to: 'dismissed' },
  reopen: { from: ['resolved', 'dismissed'], to: 'open' },
};

export function allowedActions(status: ExceptionStatus): UserAction[] {
  return (Object.keys(ALLOWED) as UserAction[]).filter((a) => ALLOWED[a].from.includes(status));
}

export interface TransitionRequest {
  action: UserAction;
  /** required for every action but acknowledge: what was done, or why */
  note?: string;
  reason?: string;
}

export interface TransitionResult {
  from: ExceptionStatus;
  to: ExceptionStatus;
  dismissalReason?: DismissalReason;
  note?: string;
}

/** The state machine: validates a person's action against the current status. */
export function transition(current: ExceptionStatus, request: TransitionRequest): TransitionResult {
  const rule = ALLOWED[request.action];
  if (!rule) throw new WorkflowError(`unknown action "${String(request.action)}"`);
  if (!rule.from.includes(current)) {
    throw new WorkflowError(`cannot ${request.action} an exception that is ${current}`, 'invalid_transition');
  }
  const note = request.note?.trim() || undefined;
  if (request.action === 'dismiss') {
    if (!request.reason || !isDismissalReason(request.reason)) {
      throw new WorkflowError(`a dismissal needs a reason from the list: ${Object.keys(DISMISSAL_REASONS).join(', ')}`);
    }
    if (!note) throw new WorkflowError('a dismissal needs an explanation in free text as well as the reason');
    return { from: current, to: rule.to, dismissalReason: request.reason, note };
  }
  if ((request.action === 'resolve' || request.action === 'reopen') && !note) {
    throw new WorkflowError(`say what was done: ${request.action} needs a note`);
  }
  return { from: current, to: rule.to, note };
}
