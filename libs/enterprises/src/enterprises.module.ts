import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, LocalDiskMaterialStorage } from '@app/core';
import { CorrectionsController } from './corrections/corrections.controller';
import { CorrectionsRepository } from './corrections/corrections.repository';
import { CORRECTION_EVIDENCE_STORAGE, CorrectionsService } from './corrections/corrections.service';
import { DataSourceCursorsRepository } from './data-sources/data-source-cursors.repository';
import { DataSourceSyncService } from './data-sources/data-source-sync.service';
import { DATA_SOURCE_PORT } from './data-sources/data-source.port';
import { DataSourcesBackgroundWork } from './data-sources/data-sources.background';
import { DataSourcesController } from './data-sources/data-sources.controller';
import { HttpDataSourceAdapter } from './data-sources/http-data-source.adapter';
import { InProcessDataSourceAdapter, SimulatedSources } from './data-sources/sim/simulated-sources';
import { SourcedFactsWriter } from './data-sources/sourced-facts.writer';
import { EnterpriseDataSharing1733007000000 } from './migrations/1733007000000-enterprise-data-sharing';
import { EnterpriseFactsReader } from './enterprise/enterprise-facts.reader';
import { EnterpriseProfilesRepository } from './enterprise/enterprise-profiles.repository';
import { EnterpriseRepository } from './enterprise/enterprise.repository';
import { EnterprisesController } from './enterprise/enterprises.controller';
import { EnterprisesService } from './enterprise/enterprises.service';
import { KeyRotationRepository } from './enterprise/key-rotation.repository';
import { EnterpriseKeyRotation } from './enterprise/key-rotation.service';
import { FactsController } from './facts/facts.controller';
import { EnterpriseImportController } from './import/enterprise-import.controller';
import { EnterpriseImportService } from './import/enterprise-import.service';
import { EnterpriseInit1732000001000 } from './migrations/1732000001000-enterprise-init';
import { EnterprisePhoneMask1732000012000 } from './migrations/1732000012000-enterprise-phone-mask';
import { EnterpriseUpdatedIndex1732000001500 } from './migrations/1732000001500-enterprise-updated-index';
import { EnterpriseFactOwners1732000011100 } from './migrations/1732000011100-enterprise-fact-owners';
import { TagsController } from './tags/tags.controller';
import { TagsRepository } from './tags/tags.repository';
import { TagsService } from './tags/tags.service';

export const ENTERPRISE_MIGRATIONS = [EnterpriseInit1732000001000, EnterpriseUpdatedIndex1732000001500, EnterpriseFactOwners1732000011100, EnterprisePhoneMask1732000012000, EnterpriseDataSharing1733007000000];

/**
 * 一企一档: profiles, history, fact registry, tag library, import; 数据共享: the departments' data
 * sources pulled into the profiles with provenance per fact, and 数据异议 (correction requests).
 */
@Module({
  controllers: [EnterprisesController, FactsController, TagsController, EnterpriseImportController, DataSourcesController, CorrectionsController],
  providers: [
    EnterpriseRepository, EnterpriseFactsReader, EnterprisesService, TagsService, EnterpriseImportService, EnterpriseKeyRotation,
    SourcedFactsWriter, DataSourceCursorsRepository, DataSourceSyncService, CorrectionsService, DataSourcesBackgroundWork,
    EnterpriseProfilesRepository, TagsRepository, CorrectionsRepository, KeyRotationRepository,
    { provide: SimulatedSources, useValue: new SimulatedSources() },
    {
      provide: DATA_SOURCE_PORT,
      inject: [APP_CONFIG, SimulatedSources],
      useFactory: (c: AppConfig, sim: SimulatedSources) => (c.dataSources.url ? new HttpDataSourceAdapter(c.dataSources.url) : new InProcessDataSourceAdapter(sim)),
    },
    { provide: CORRECTION_EVIDENCE_STORAGE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new LocalDiskMaterialStorage(c.dataDir, 'enterprises/evidence') },
  ],
  exports: [EnterprisesService, EnterpriseFactsReader, TagsService, EnterpriseImportService, EnterpriseKeyRotation, DataSourceSyncService, SimulatedSources, CorrectionsService],
})
export class EnterprisesModule {}
