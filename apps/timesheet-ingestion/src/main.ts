import 'reflect-metadata';
import { runIngestionService } from '@closegap/services-common';

/** timesheet-ingestion: validates uploaded or dropped bundle files, resolves identity, publishes to its topics. */
runIngestionService({ service: 'timesheet-ingestion', sources: ['timesheets'], acceptsRules: false });
