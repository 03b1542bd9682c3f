import { SetMetadata, createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { Permission, SessionUser } from '@closegap/workflow';

export const PERMISSION_KEY = 'closegap:permission';
export const PUBLIC_KEY = 'closegap:public';

/** The permission a route needs; routes without it (and not @Public) are refused. */
export const Requires = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export interface AuthedRequest {
  user?: SessionUser;
  sessionToken?: string;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionUser => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.user) throw new Error('CurrentUser used on a public route');
  return req.user;
});
