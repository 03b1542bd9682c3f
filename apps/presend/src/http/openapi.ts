import { z } from 'zod';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { exceptionRecordSchema } from '@closegap/messaging';
import { draftSchema } from '../draft';

type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) from the zod schema the request is validated with. */
const json = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema => {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
};

const fieldError = z.object({ path: z.string(), line_no: z.number().int().optional(), field: z.string().optional(), message: z.string() });

const finding = exceptionRecordSchema.extend({
  effect: z.enum(['opens', 'worsens', 'already_open', 'eases']),
  blocking: z.boolean(),
  previous: z.object({ value_at_risk: z.string(), severity: z.string(), expected: z.string().optional(), actual: z.string().optional() }).optional(),
});

export const checkResponseSchema = z
  .object({
    check_id: z.string(),
    checked_at: z.string(),
    verdict: z.enum(['pass', 'warn', 'block']),
    invoice_number: z.string(),
    reasons: z.array(z.string()),
    findings: z.array(finding).describe('exceptions the draft would open or worsen, or that are open on it already; expected, actual and suggested_action say what to fix'),
    missing_time: z.array(exceptionRecordSchema).describe('UNBILLED_TIME left open after the draft for the placement-weeks it covers'),
    closes: z.array(exceptionRecordSchema).describe('exceptions sending the draft would close'),
    covered: z.array(z.object({ placement_id: z.string(), week_ending: z.string() })),
    state: z.object({ version: z.number().int(), as_of: z.string() }),
    policy: z.object({ blocking_categories: z.array(z.string()), min_severity: z.string(), min_value: z.number() }),
    duration_ms: z.number(),
    cached: z.boolean(),
  })
  .meta({ title: 'CheckResponse' });

export const DRAFT_SCHEMA = json(draftSchema);
export const CHECK_RESPONSE_SCHEMA = json(checkResponseSchema, 'output');
export const ERROR_SCHEMA = json(z.object({ statusCode: z.number().int(), error: z.string(), message: z.string(), errors: z.array(fieldError).optional() }), 'output');
export const QBO_WEBHOOK_SCHEMA = json(
  z.object({
    eventNotifications: z.array(
      z.object({
        realmId: z.string(),
        dataChangeEvent: z.object({
          entities: z.array(z.object({ name: z.string(), id: z.string(), operation: z.enum(['Create', 'Update', 'Delete', 'Merge', 'Void', 'Emailed']), lastUpdated: z.string() })),
        }),
      }),
    ),
  }),
);

/** The OpenAPI document, served at /openapi.json (and the docs UI at /docs). */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Closegap pre-send invoice check')
    .setDescription('Ask whether an invoice is right before it reaches the client. See docs/presend.md.')
    .setVersion('1')
    .setOpenAPIVersion('3.1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml' });
}
