import 'reflect-metadata';
import { runIngestionService } from '@closegap/services-common';

/** finance-ingestion: validates uploaded or dropped bundle files, resolves identity, publishes to its topics. */
runIngestionService({ service: 'finance-ingestion', sources: ['invoices', 'credit_notes', 'pay_lines'], acceptsRules: false });
