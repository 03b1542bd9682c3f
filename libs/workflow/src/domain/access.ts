/** Console roles (issue 5). One role per user. */
export const ROLES = ['billing', 'payroll', 'account_manager', 'operations', 'finance_lead', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export const ROLE_LABELS: Record<Role, string> = {
  billing: 'Billing',
  payroll: 'Payroll',
  account_manager: 'Account manager',
  operations: 'Operations',
  finance_lead: 'Finance lead',
  auditor: 'Auditor',
  admin: 'Admin',
};

/** Everything the console can do; each route declares the permission it needs. */
export type Permission =
  | 'exceptions.read'
  | 'exceptions.act'
  | 'adjustments.propose'
  | 'adjustments.approve'
  | 'adjustments.mark_paid'
  | 'identity.confirm'
  | 'runs.read'
  | 'audit.read'
  | 'digest.send'
  | 'users.manage';

const ALL_READERS: readonly Role[] = ROLES;

export const PERMISSIONS: Record<Permission, readonly Role[]> = {
  'exceptions.read': ALL_READERS,
  'exceptions.act': ['billing', 'payroll', 'account_manager', 'operations', 'finance_lead', 'admin'],
  'adjustments.propose': ['billing', 'payroll', 'account_manager', 'operations', 'finance_lead'],
  'adjustments.approve': ['finance_lead'],
  'adjustments.mark_paid': ['billing', 'finance_lead'],
  'identity.confirm': ['operations', 'billing', 'payroll', 'finance_lead', 'admin'],
  'runs.read': ALL_READERS,
  'audit.read': ['auditor', 'admin'],
  'digest.send': ['operations', 'admin'],
  'users.manage': ['admin'],
};

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS[permission].includes(role);
}

/** The owner team whose exceptions a role works on; undefined = works across teams. */
const ROLE_TEAM: Partial<Record<Role, string>> = { billing: 'billing', payroll: 'payroll', account_manager: 'account_management', operations: 'operations' };

export interface Actor {
  username: string;
  role: Role;
  /** account managers: the name the CRM uses in clients.account_manager */
  account_manager_name?: string;
}

export function teamOf(role: Role): string | undefined {
  return ROLE_TEAM[role];
}

/** Account managers see only their own clients; everyone else sees all. */
export function clientScope(actor: Actor): { own_clients_of?: string } {
  return actor.role === 'account_manager' ? { own_clients_of: actor.account_manager_name ?? `\u0000${actor.username}` } : {};
}

/**
 * Acting on one exception (acknowledge, resolve, dismiss, propose): finance lead, admin and
 * operations (who route) act on all; billing, payroll and account managers on their team's.
 */
export function canActOn(actor: Actor, exception: { owner_team: string }): boolean {
  if (!can(actor.role, 'exceptions.act')) return false;
  if (actor.role === 'finance_lead' || actor.role === 'admin' || actor.role === 'operations') return true;
  return teamOf(actor.role) === exception.owner_team;
}
