import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccessService } from '@closegap/workflow';
import type { SessionUser } from '@closegap/workflow';
import { ALERTING_CONFIG, AlertingConfig } from '../config';
import { parse, safeNext, signInSchema } from '../api/validation';
import { loginView } from '../pages/views';
import { page } from '../pages/layout';
import { CurrentUser, Public, Requires } from './decorators';
import { SESSION_COOKIE, readCookie, sessionCookie } from './cookies';

/** Sign-in (form for people, JSON for scripts) and sign-out. */
@Controller()
export class AuthController {
  constructor(
    private readonly access: AccessService,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  @Public()
  @Get('login')
  loginPage(@Query('next') next: string | undefined, @Res() res: Response): void {
    res.type('html').send(page('Closegap console', undefined, loginView(safeNext(next))));
  }

  @Public()
  @Post('login')
  async loginForm(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const input = signInSchema.safeParse(body);
    const next = safeNext(input.success ? input.data.next : undefined);
    const session = input.success ? await this.access.signIn(input.data.username, input.data.password, this.config.SESSION_TTL_MINUTES) : undefined;
    if (!session) {
      res.status(401).type('html').send(page('Closegap console', undefined, loginView(next, 'Wrong username or password.')));
      return;
    }
    res.setHeader('Set-Cookie', sessionCookie(session.token, this.config.SESSION_TTL_MINUTES * 60, this.config.COOKIE_SECURE));
    res.redirect(303, next);
  }

  @Public()
  @Post('api/session')
  async signIn(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<{ user: SessionUser; expires_at: Date } | { message: string }> {
    const input = parse(signInSchema, body);
    const session = await this.access.signIn(input.username, input.password, this.config.SESSION_TTL_MINUTES);
    if (!session) {
      res.status(401);
      return { message: 'wrong username or password' };
    }
    res.setHeader('Set-Cookie', sessionCookie(session.token, this.config.SESSION_TTL_MINUTES * 60, this.config.COOKIE_SECURE));
    return { user: session.user, expires_at: session.expires_at };
  }

  @Public()
  @Delete('api/session')
  @HttpCode(204)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.access.signOut(readCookie(req.headers.cookie, SESSION_COOKIE));
    res.setHeader('Set-Cookie', sessionCookie('', 0, this.config.COOKIE_SECURE));
  }

  @Requires('exceptions.read')
  @Get('api/me')
  me(@CurrentUser() user: SessionUser): SessionUser {
    return user;
  }
}
