import { Body, Controller, Headers, HttpCode, HttpException, Inject, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeys, presentedKey } from '../api-keys';
import { PresendRuntime } from '../runtime';
import type { WebhookResult } from '../runtime';
import type { AuthedRequest } from './auth.guard';
import { ERROR_SCHEMA, QBO_WEBHOOK_SCHEMA } from './openapi';

/**
 * QuickBooks Online event notifications. Intuit cannot send an API key: the request is
 * authenticated by its intuit-signature (HMAC-SHA256 of the raw body with the verifier token)
 * and the realm picks the tenant. A relay that forwards notifications may add an API key,
 * which must then carry the scope webhooks:quickbooks.
 */
@ApiTags('webhooks')
@Controller('v1/webhooks')
export class WebhookController {
  constructor(
    @Inject(PresendRuntime) private readonly runtime: PresendRuntime,
    @Inject(ApiKeys) private readonly keys: ApiKeys,
  ) {}

  @Post('quickbooks')
  @HttpCode(200)
  @ApiOperation({ summary: 'QuickBooks invoice created or updated: fetch it, check it, alert when it is already sent and does not pass' })
  @ApiHeader({ name: 'intuit-signature', required: true, description: 'base64 HMAC-SHA256 of the raw body with the verifier token' })
  @ApiBody({ schema: QBO_WEBHOOK_SCHEMA })
  @ApiOkResponse({ description: 'one result per invoice', schema: { type: 'object', properties: { results: { type: 'array', items: { type: 'object' } } } } })
  @ApiResponse({ status: 401, description: 'signature missing or wrong, or no configured realm', schema: ERROR_SCHEMA })
  async quickbooks(@Req() req: AuthedRequest, @Headers('intuit-signature') signature: string | undefined, @Body() body: unknown): Promise<{ results: WebhookResult[] }> {
    const key = presentedKey(req.headers);
    if (key) {
      const check = this.keys.check(key, 'webhooks:quickbooks');
      if (!check.ok) throw new HttpException({ statusCode: check.status, error: check.status === 401 ? 'Unauthorized' : 'Forbidden', message: check.message }, check.status);
    }
    const outcome = await this.runtime.quickBooksWebhook(req.rawBody ?? Buffer.alloc(0), signature, body);
    if (outcome.status === 401) throw new HttpException({ statusCode: 401, error: 'Unauthorized', message: outcome.message }, 401);
    return { results: outcome.results };
  }
}
