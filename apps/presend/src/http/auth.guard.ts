import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeys, presentedKey } from '../api-keys';
import type { Principal } from '../api-keys';
import type { Scope } from '../config';

const SCOPE = 'presend:scope';

/** The scope a route needs; the guard answers 401 without a valid key, 403 without the scope. */
export const RequireScope = (scope: Scope) => SetMetadata(SCOPE, scope);

export type AuthedRequest = FastifyRequest & { principal?: Principal; rawBody?: Buffer };

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ApiKeys) private readonly keys: ApiKeys,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const scope = this.reflector.get<Scope | undefined>(SCOPE, context.getHandler());
    if (!scope) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const result = this.keys.check(presentedKey(req.headers), scope);
    if (!result.ok) throw result.status === 401 ? new UnauthorizedException(result.message) : new ForbiddenException(result.message);
    req.principal = result.principal;
    return true;
  }
}
