import {
  BadRequestException,
  Controller,
  DynamicModule,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  PayloadTooLargeException,
  Post,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { FilesInterceptor } from '@nestjs/platform-express';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import type { IngestionConfig, IngestionServiceName } from '@closegap/config';
import type { SourceName } from '@closegap/domain';
import { Topic } from '@closegap/messaging';
import type { EventBus, MessageBatch, TopicName } from '@closegap/messaging';
import { BusModule, EVENT_BUS, Topics } from '../bus/bus.module';
import type { SubscriptionSpec } from '../bus/event-bus.transport';
import { SERVICE_CONFIG, ServiceConfigModule } from '../config/service-config.module';
import { KafkaHealthIndicator } from '../health/indicators';
import { CrmView } from '../ingestion/crm-view';
import { IngestionPipeline, UploadRejected } from '../ingestion/pipeline';
import type { IngestFile, IngestReport } from '../ingestion/pipeline';
import { DropFolder } from './drop-folder';

export interface IngestionServiceSpec {
  service: IngestionServiceName;
  sources: readonly SourceName[];
  acceptsRules: boolean;
}

export const INGESTION_SPEC = Symbol('INGESTION_SPEC');
export const CRM_VIEW_PATTERN = 'ingestion.crm-view';

/** The topics an ingestion service reads to keep its CRM view (broadcast). */
export const CRM_VIEW_TOPICS: readonly TopicName[] = [Topic.Clients, Topic.Placements, Topic.Rates, Topic.Rules];

/** One upload at a time per instance: identity evidence and rate snapshots stay consistent. */
@Injectable()
export class IngestionService {
  private readonly pipeline: IngestionPipeline;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly logger = new Logger('Ingestion');

  constructor(
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(CrmView) readonly view: CrmView,
    @Inject(Topics) private readonly topics: Topics,
    @Inject(INGESTION_SPEC) spec: IngestionServiceSpec,
  ) {
    this.pipeline = new IngestionPipeline(bus, view, {
      service: spec.service,
      sources: spec.sources,
      acceptsRules: spec.acceptsRules,
      topic: (name) => this.topics.name(name),
      rememberEvidence: true,
      ratesReplaceTable: true,
    });
  }

  ingest(files: IngestFile[]): Promise<IngestReport> {
    const run = this.queue.then(async () => {
      const report = await this.pipeline.ingest(files);
      this.logger.log(`upload ${report.uploadId}: ${JSON.stringify(report.files)}`);
      return report;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  applyCrm(batches: MessageBatch[]): void {
    this.view.apply(batches, (physical) => Object.values(Topic).find((t) => this.topics.name(t) === physical));
  }
}

@Controller()
export class UploadController {
  constructor(@Inject(IngestionService) private readonly ingestion: IngestionService) {}

  /** Upload the files of a bundle (multipart field "files", original file names kept). */
  @Post('v1/bundles')
  @HttpCode(202)
  @UseInterceptors(FilesInterceptor('files', 16, { limits: { fileSize: 1024 * 1024 * 1024 } }))
  async upload(@UploadedFiles() files: { originalname: string; buffer: Buffer; size: number }[] | undefined): Promise<IngestReport> {
    if (!files || files.length === 0) throw new BadRequestException('no files: send the bundle files as multipart field "files"');
    try {
      return await this.ingestion.ingest(files.map((f) => ({ name: f.originalname, bytes: f.buffer })));
    } catch (err) {
      if (err instanceof UploadRejected) throw new BadRequestException({ message: 'bundle rejected', problems: err.problems });
      if (err instanceof RangeError) throw new PayloadTooLargeException(err.message);
      throw err;
    }
  }

  /** Thin handler: CRM and rules records keep this service's view for identity resolution. */
  @EventPattern(CRM_VIEW_PATTERN)
  onCrm(@Payload() batches: MessageBatch[]): void {
    this.ingestion.applyCrm(batches);
  }
}

@Controller()
export class IngestionHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
    @Inject(IngestionService) private readonly ingestion: IngestionService,
  ) {}

  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.kafka.isHealthy(),
      async () => ({ crm_view: { status: 'up' as const, clients: this.ingestion.view.clients.size, placements: this.ingestion.view.placements.size, rules: this.ingestion.view.rules.hash.slice(0, 12) } }),
    ]);
  }
}

@Injectable()
class DropFolderRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private folder?: DropFolder;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IngestionConfig,
    @Inject(IngestionService) private readonly ingestion: IngestionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.INGEST_DROP_DIR) return;
    const logger = new Logger('DropFolder');
    this.folder = new DropFolder({ dir: this.config.INGEST_DROP_DIR, ingest: (files) => this.ingestion.ingest(files), log: (m) => logger.log(m) });
    await this.folder.start();
    logger.log(`watching ${this.config.INGEST_DROP_DIR}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.folder?.stop();
  }
}

/** The three ingestion services are this module with their own sources. */
@Module({})
export class IngestionModule {
  static register(spec: IngestionServiceSpec, config: IngestionConfig): DynamicModule {
    return {
      module: IngestionModule,
      imports: [ServiceConfigModule.withConfig(spec.service, config), BusModule.forRoot({ service: spec.service }), TerminusModule.forRoot({ logger: false })],
      controllers: [UploadController, IngestionHealthController],
      providers: [{ provide: INGESTION_SPEC, useValue: spec }, { provide: CrmView, useValue: new CrmView() }, IngestionService, KafkaHealthIndicator, DropFolderRunner],
    };
  }

  static subscriptions(topics: (name: TopicName) => string): SubscriptionSpec[] {
    return [{ pattern: CRM_VIEW_PATTERN, topics: () => CRM_VIEW_TOPICS.map(topics) }];
  }
}
