import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { WorkflowError } from '@closegap/workflow';
import { SignInRequired } from '../auth/session.guard';
import { errorPage } from '../pages/layout';

const WORKFLOW_STATUS: Record<WorkflowError['code'], number> = {
  invalid_input: HttpStatus.UNPROCESSABLE_ENTITY,
  invalid_transition: HttpStatus.CONFLICT,
  not_found: HttpStatus.NOT_FOUND,
  maker_checker: HttpStatus.FORBIDDEN,
  forbidden: HttpStatus.FORBIDDEN,
};

/** Workflow refusals become 4xx with their message; pages get an HTML error page or the sign-in redirect. */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const isApi = req.path.startsWith('/api/') || req.path.startsWith('/health');
    if (err instanceof SignInRequired) {
      res.redirect(303, `/login?next=${encodeURIComponent(err.next)}`);
      return;
    }
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let message = 'internal error';
    if (err instanceof WorkflowError) {
      status = WORKFLOW_STATUS[err.code];
      message = err.message;
    } else if (err instanceof HttpException) {
      status = err.getStatus();
      const body = err.getResponse();
      message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? err.message);
    } else {
      this.log.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    }
    if (isApi) res.status(status).json({ statusCode: status, message });
    else res.status(status).type('html').send(errorPage(status, message));
  }
}
