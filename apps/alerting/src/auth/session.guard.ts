import { CanActivate, ExecutionContext, ForbiddenException, HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessService, can } from '@closegap/workflow';
import type { Permission } from '@closegap/workflow';
import { AuthedRequest, PERMISSION_KEY, PUBLIC_KEY } from './decorators';
import { SESSION_COOKIE, readCookie } from './cookies';

/** A page request without a session: the filter turns it into a redirect to /login. */
export class SignInRequired extends HttpException {
  constructor(readonly next: string) {
    super('sign in required', HttpStatus.UNAUTHORIZED);
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Global guard: every route is refused unless it is @Public or the signed-in user's role has
 * the route's permission (server-side, whatever the page shows). State-changing API calls
 * must be JSON, which a cross-site form cannot send (with the SameSite=Strict cookie: CSRF).
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & AuthedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const user = await this.access.sessionUser(token);
    const isApi = req.path.startsWith('/api/');
    if (!user) {
      if (isApi) throw new UnauthorizedException('sign in first');
      throw new SignInRequired(req.originalUrl);
    }
    req.user = user;
    req.sessionToken = token;
    if (isApi && UNSAFE.has(req.method) && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new HttpException('state-changing API calls must send application/json', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) throw new ForbiddenException('this route declares no permission');
    if (!can(user.role, permission)) throw new ForbiddenException(`a ${user.role} may not do this (${permission})`);
    return true;
  }
}
