import { createHash, randomBytes } from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { DataSource, LessThan } from 'typeorm';
import { AuditLog } from '@closegap/audit';
import type { Actor, Role } from '../domain/access';
import { isRole } from '../domain/access';
import { WorkflowError } from '../domain/errors';
import { SessionEntity, UserEntity } from '../persistence/entities';

/** argon2id with OWASP's recommended cost (19 MiB, 2 passes). */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export interface SessionUser extends Actor {
  id: number;
  display_name: string;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** People, passwords (argon2id) and sessions (random tokens, stored hashed, with an expiry). */
export class AccessService {
  /** verified against when the user does not exist, so timing does not tell who has an account */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async createUser(by: string, input: { username: string; display_name?: string; password: string; role: string; account_manager_name?: string }): Promise<UserEntity> {
    const username = input.username.trim().toLowerCase();
    if (!/^[a-z0-9._-]{2,64}$/.test(username)) throw new WorkflowError('a username is 2-64 letters, digits, dots, dashes or underscores');
    if (!isRole(input.role)) throw new WorkflowError(`unknown role "${input.role}"`);
    if (input.password.length < 10) throw new WorkflowError('a password needs at least 10 characters');
    const role: Role = input.role;
    const password_hash = await hash(input.password, ARGON2);
    return this.ds.transaction(async (m) => {
      if (await m.findOne(UserEntity, { where: { username } })) throw new WorkflowError(`user ${username} exists`);
      const user = await m.save(
        m.create(UserEntity, {
          username,
          display_name: input.display_name?.trim() || username,
          password_hash,
          role,
          account_manager_name: input.account_manager_name?.trim() || null,
          active: true,
          created_at: this.clock(),
        }),
      );
      await this.audit.append(m, { actor: by, action: 'user.created', entity_type: 'user', entity_id: username, reason: null, data: { role, account_manager_name: user.account_manager_name }, at: this.clock() });
      return user;
    });
  }

  async countUsers(): Promise<number> {
    return this.ds.getRepository(UserEntity).count();
  }

  async listUsers(): Promise<UserEntity[]> {
    return this.ds.getRepository(UserEntity).find({ order: { username: 'ASC' } });
  }

  /** Checks the password; returns a new session token (for the cookie) or undefined. */
  async signIn(username: string, password: string, ttlMinutes: number): Promise<{ token: string; user: SessionUser; expires_at: Date } | undefined> {
    const user = await this.ds.getRepository(UserEntity).findOne({ where: { username: username.trim().toLowerCase() } });
    if (!user || !user.active) {
      this.dummyHash ??= hash('not-a-password-of-anyone', ARGON2);
      await verify(await this.dummyHash, password).catch(() => false);
      return undefined;
    }
    if (!(await verify(user.password_hash, password).catch(() => false))) return undefined;
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    const expires_at = new Date(now.getTime() + ttlMinutes * 60_000);
    await this.ds.transaction(async (m) => {
      await m.insert(SessionEntity, { token_hash: tokenHash(token), user_id: user.id, created_at: now, expires_at });
      await m.delete(SessionEntity, { expires_at: LessThan(now) });
      await this.audit.append(m, { actor: user.username, action: 'session.signed_in', entity_type: 'user', entity_id: user.username, reason: null, data: { role: user.role, expires_at: expires_at.toISOString() }, at: now });
    });
    return { token, user: toSessionUser(user), expires_at };
  }

  async sessionUser(token: string | undefined): Promise<SessionUser | undefined> {
    if (!token || token.length > 200) return undefined;
    const session = await this.ds.getRepository(SessionEntity).findOne({ where: { token_hash: tokenHash(token) } });
    if (!session || session.expires_at.getTime() <= this.clock().getTime()) return undefined;
    const user = await this.ds.getRepository(UserEntity).findOne({ where: { id: session.user_id } });
    return user && user.active ? toSessionUser(user) : undefined;
  }

  async signOut(token: string | undefined): Promise<void> {
    if (token) await this.ds.getRepository(SessionEntity).delete({ token_hash: tokenHash(token) });
  }
}

function toSessionUser(u: UserEntity): SessionUser {
  return { id: u.id, username: u.username, display_name: u.display_name, role: u.role, account_manager_name: u.account_manager_name ?? undefined };
}
