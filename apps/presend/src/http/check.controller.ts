import { Body, Controller, Header, HttpCode, HttpException, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PresendRuntime } from '../runtime';
import { ApiKeyGuard, RequireScope } from './auth.guard';
import type { AuthedRequest } from './auth.guard';
import { CHECK_RESPONSE_SCHEMA, DRAFT_SCHEMA, ERROR_SCHEMA } from './openapi';

/** Thin: the tenant comes from the API key, the body goes to the check as it is. */
@ApiTags('pre-send check')
@Controller('v1/invoices')
@UseGuards(ApiKeyGuard)
export class CheckController {
  constructor(@Inject(PresendRuntime) private readonly runtime: PresendRuntime) {}

  @Post('check')
  @HttpCode(200)
  // the answer is JSON text already (serialized once, and kept so in the verdict cache)
  @Header('Content-Type', 'application/json; charset=utf-8')
  @RequireScope('invoices:check')
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Is this invoice right? The exceptions sending it would raise or close, and a verdict (pass, warn, block). Changes nothing.' })
  @ApiBody({ schema: DRAFT_SCHEMA })
  @ApiOkResponse({ description: 'the verdict', schema: CHECK_RESPONSE_SCHEMA })
  @ApiResponse({ status: 400, description: 'invalid draft: every problem, by line and field', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 401, description: 'no or unknown API key', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 403, description: 'the key lacks the scope invoices:check', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 413, description: 'body or line count over the limit', schema: ERROR_SCHEMA })
  @ApiResponse({ status: 503, description: 'the live state is still loading', schema: ERROR_SCHEMA })
  check(@Req() req: AuthedRequest, @Body() body: unknown): string {
    const tenantId = req.principal?.tenantId as string;
    const outcome = this.runtime.service.check(tenantId, body, req.rawBody);
    if (outcome.kind === 'checked') return outcome.json;
    if (outcome.kind === 'invalid') {
      throw new HttpException(
        { statusCode: outcome.status, error: outcome.status === 413 ? 'Payload Too Large' : 'Bad Request', message: outcome.status === 413 ? 'the invoice is too large' : 'the invoice draft is not valid', errors: outcome.errors },
        outcome.status,
      );
    }
    throw new HttpException({ statusCode: 503, error: 'Service Unavailable', message: outcome.message }, 503, {});
  }
}
