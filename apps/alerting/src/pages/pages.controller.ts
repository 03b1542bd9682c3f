import { Controller, Get, Header, NotFoundException, Param, Query } from '@nestjs/common';
import { AuditLog } from '@closegap/audit';
import { WorkflowQueries } from '@closegap/workflow';
import type { SessionUser } from '@closegap/workflow';
import { CurrentUser, Requires } from '../auth/decorators';
import { auditQuerySchema, exceptionFilterSchema, parse } from '../api/validation';
import { page } from './layout';
import { approvalsView, auditView, detailView, identityView, listView, overviewView, runsView } from './views';

const HTML = 'text/html; charset=utf-8';

/** The console's pages, rendered on the server from the same queries as the API. */
@Controller()
export class PagesController {
  constructor(
    private readonly queries: WorkflowQueries,
    private readonly audit: AuditLog,
  ) {}

  @Requires('exceptions.read')
  @Get()
  @Header('content-type', HTML)
  async overview(@CurrentUser() user: SessionUser): Promise<string> {
    return page('Overview', user, overviewView(await this.queries.overview(user)), '/');
  }

  @Requires('exceptions.read')
  @Get('exceptions')
  @Header('content-type', HTML)
  async list(@CurrentUser() user: SessionUser, @Query() query: unknown): Promise<string> {
    const filter = parse(exceptionFilterSchema, query);
    const [result, clients] = await Promise.all([this.queries.listExceptions(user, filter), this.queries.clients(user)]);
    return page('Exceptions', user, listView(result, filter, clients), '/exceptions');
  }

  @Requires('exceptions.read')
  @Get('exceptions/:id')
  @Header('content-type', HTML)
  async detail(@CurrentUser() user: SessionUser, @Param('id') id: string): Promise<string> {
    const detail = await this.queries.exceptionDetail(user, id);
    if (!detail) throw new NotFoundException(`exception ${id} not found`);
    return page(`Exception ${id}`, user, detailView(detail, user), '/exceptions');
  }

  @Requires('exceptions.read')
  @Get('approvals')
  @Header('content-type', HTML)
  async approvals(@CurrentUser() user: SessionUser): Promise<string> {
    const [pending, approved] = await Promise.all([this.queries.approvals(user, 'proposed'), this.queries.approvals(user, 'approved')]);
    return page('Approvals', user, approvalsView(pending, approved, user), '/approvals');
  }

  @Requires('exceptions.read')
  @Get('identity')
  @Header('content-type', HTML)
  async identity(@CurrentUser() user: SessionUser): Promise<string> {
    const [reviews, aliases, clients] = await Promise.all([this.queries.identityReviews('open'), this.queries.aliasList(), this.queries.clients(user)]);
    return page('Identity review', user, identityView(reviews, aliases, user, clients), '/identity');
  }

  @Requires('runs.read')
  @Get('runs')
  @Header('content-type', HTML)
  async runs(@CurrentUser() user: SessionUser): Promise<string> {
    return page('Run history', user, runsView(await this.queries.runs()), '/runs');
  }

  @Requires('audit.read')
  @Get('audit')
  @Header('content-type', HTML)
  async auditLog(@CurrentUser() user: SessionUser, @Query() query: unknown): Promise<string> {
    const q = parse(auditQuerySchema, query);
    const entries = await this.queries.auditEntries({ from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined, to: q.to ? new Date(`${q.to}T00:00:00Z`) : undefined, entity_id: q.entity_id });
    const verify = q.verify ? await this.audit.verify() : undefined;
    return page('Audit log', user, auditView(entries, verify), '/audit');
  }
}
