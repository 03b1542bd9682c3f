import 'reflect-metadata';
import { runIngestionService } from '@closegap/services-common';

/** crm-ingestion: validates uploaded or dropped bundle files, resolves identity, publishes to its topics. */
runIngestionService({ service: 'crm-ingestion', sources: ['clients', 'placements', 'rates'], acceptsRules: true });
