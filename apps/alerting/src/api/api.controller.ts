import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { AccessService, WorkflowQueries, WorkflowService } from '@closegap/workflow';
import type { SessionUser } from '@closegap/workflow';
import { AuditLog } from '@closegap/audit';
import { CurrentUser, Requires } from '../auth/decorators';
import { DigestService } from '../digest/digest.service';
import { actionSchema, assignSchema, auditQuerySchema, confirmAliasSchema, decisionSchema, exceptionFilterSchema, parse, proposalSchema, userSchema } from './validation';

/**
 * The JSON API under /api. Each route names its permission (checked by the global guard);
 * exception-level rules (own team, own clients, maker-checker) are checked by the workflow.
 */
@Controller('api')
export class ApiController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly queries: WorkflowQueries,
    private readonly audit: AuditLog,
    private readonly access: AccessService,
    private readonly digest: DigestService,
  ) {}

  @Requires('exceptions.read')
  @Get('overview')
  overview(@CurrentUser() user: SessionUser) {
    return this.queries.overview(user);
  }

  @Requires('exceptions.read')
  @Get('exceptions')
  list(@CurrentUser() user: SessionUser, @Query() query: unknown) {
    return this.queries.listExceptions(user, parse(exceptionFilterSchema, query));
  }

  @Requires('exceptions.read')
  @Get('exceptions/:id')
  async detail(@CurrentUser() user: SessionUser, @Param('id') id: string) {
    const detail = await this.queries.exceptionDetail(user, id);
    if (!detail) throw new NotFoundException(`exception ${id} not found`);
    return detail;
  }

  @Requires('exceptions.act')
  @Post('exceptions/:id/actions')
  @HttpCode(200)
  async act(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: unknown) {
    const row = await this.workflow.act(user, id, parse(actionSchema, body));
    return { exception_id: row.exception_id, status: row.status, dismissal_reason: row.dismissal_reason };
  }

  @Requires('exceptions.act')
  @Post('exceptions/:id/assign')
  @HttpCode(200)
  async assign(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: unknown) {
    await this.workflow.assign(user, id, parse(assignSchema, body).assignee ?? null);
    return { ok: true };
  }

  @Requires('adjustments.propose')
  @Post('exceptions/:id/adjustments')
  propose(@CurrentUser() user: SessionUser, @Param('id') id: string, @Body() body: unknown) {
    return this.workflow.propose(user, id, parse(proposalSchema, body));
  }

  @Requires('exceptions.read')
  @Get('approvals')
  approvals(@CurrentUser() user: SessionUser, @Query('status') status?: string) {
    return this.queries.approvals(user, status === 'approved' || status === 'all' ? status : 'proposed');
  }

  @Requires('adjustments.approve')
  @Post('adjustments/:id/approve')
  @HttpCode(200)
  approve(@CurrentUser() user: SessionUser, @Param('id', ParseIntPipe) id: number, @Body() body: unknown) {
    return this.workflow.decide(user, id, 'approve', parse(decisionSchema, body).note);
  }

  @Requires('adjustments.approve')
  @Post('adjustments/:id/reject')
  @HttpCode(200)
  reject(@CurrentUser() user: SessionUser, @Param('id', ParseIntPipe) id: number, @Body() body: unknown) {
    return this.workflow.decide(user, id, 'reject', parse(decisionSchema, body).note);
  }

  @Requires('adjustments.mark_paid')
  @Post('adjustments/:id/paid')
  @HttpCode(200)
  paid(@CurrentUser() user: SessionUser, @Param('id', ParseIntPipe) id: number) {
    return this.workflow.markPaid(user, id);
  }

  @Requires('exceptions.read')
  @Get('identity')
  identity() {
    return this.queries.identityReviews('open');
  }

  @Requires('identity.confirm')
  @Post('identity/confirm')
  confirm(@CurrentUser() user: SessionUser, @Body() body: unknown) {
    return this.workflow.confirmAlias(user, parse(confirmAliasSchema, body));
  }

  @Requires('exceptions.read')
  @Get('aliases')
  aliases() {
    return this.queries.aliasList();
  }

  @Requires('runs.read')
  @Get('runs')
  runs() {
    return this.queries.runs();
  }

  @Requires('audit.read')
  @Get('audit')
  auditLog(@Query() query: unknown) {
    const q = parse(auditQuerySchema, query);
    return this.queries.auditEntries({ from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined, to: q.to ? new Date(`${q.to}T00:00:00Z`) : undefined, entity_id: q.entity_id });
  }

  @Requires('audit.read')
  @Post('audit/verify')
  @HttpCode(200)
  verify() {
    return this.audit.verify();
  }

  @Requires('digest.send')
  @Get('digest/preview')
  preview() {
    return this.digest.build();
  }

  @Requires('digest.send')
  @Post('digest')
  @HttpCode(200)
  send(@CurrentUser() user: SessionUser) {
    return this.digest.send(user.username);
  }

  @Requires('users.manage')
  @Get('users')
  async users() {
    return (await this.access.listUsers()).map((u) => ({ id: u.id, username: u.username, display_name: u.display_name, role: u.role, account_manager_name: u.account_manager_name, active: u.active }));
  }

  @Requires('users.manage')
  @Post('users')
  async createUser(@CurrentUser() user: SessionUser, @Body() body: unknown) {
    const u = await this.access.createUser(user.username, parse(userSchema, body));
    return { id: u.id, username: u.username, role: u.role };
  }
}
