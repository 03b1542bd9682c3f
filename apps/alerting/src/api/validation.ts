import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

/** Parses a request body or query with a zod schema; a 400 names the first problem. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BadRequestException(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return result.data;
}

const optionalNumber = z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.coerce.number().min(0).optional());
const optionalMoney = z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d+(\.\d{1,2})?$/, 'a money amount').optional());
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional());

export const exceptionFilterSchema = z.object({
  category: optionalText,
  owner: optionalText,
  client: optionalText,
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['open', 'acknowledged', 'resolved', 'dismissed', 'active', 'all']).optional()),
  min_value: optionalMoney,
  max_value: optionalMoney,
  min_age_days: optionalNumber,
  max_age_days: optionalNumber,
  sort: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['value', 'age', 'category', 'client', 'status', 'severity', 'owner']).optional()),
  dir: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['asc', 'desc']).optional()),
  limit: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(500).optional()),
  offset: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).optional()),
});

export const actionSchema = z.object({
  action: z.enum(['acknowledge', 'resolve', 'dismiss', 'reopen']),
  reason: z.string().max(100).optional(),
  note: z.string().max(4000).optional(),
});

export const assignSchema = z.object({ assignee: z.string().max(100).nullable().optional() });

export const proposalSchema = z.object({
  kind: z.string().max(50),
  amount: z.union([z.string(), z.number()]).transform(String),
  new_rate: z.union([z.string(), z.number()]).transform(String).optional(),
  note: z.string().max(4000).optional(),
});

export const decisionSchema = z.object({ note: z.string().max(4000).optional() });

export const confirmAliasSchema = z.object({
  kind: z.enum(['client', 'worker']),
  system: z.string().max(50),
  external: z.string().min(1).max(500),
  target_id: z.string().min(1).max(100),
  target_name: z.string().max(500).optional(),
});

export const signInSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000), next: z.string().max(2000).optional() });

export const userSchema = z.object({
  username: z.string().min(2).max(64),
  display_name: z.string().max(200).optional(),
  password: z.string().min(10).max(1000),
  role: z.string(),
  account_manager_name: z.string().max(200).optional(),
});

export const auditQuerySchema = z.object({
  from: z.preprocess((v) => (v === '' ? undefined : v), z.iso.date().optional()),
  to: z.preprocess((v) => (v === '' ? undefined : v), z.iso.date().optional()),
  entity_id: optionalText,
  verify: optionalText,
});

/** A local path to go back to after sign-in (never another site). */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
