import { Module } from '@nestjs/common';
import { EnterpriseFactsReader } from './enterprise/enterprise-facts.reader';
import { EnterpriseRepository } from './enterprise/enterprise.repository';
import { EnterprisesController } from './enterprise/enterprises.controller';
import { EnterprisesService } from './enterprise/enterprises.service';
import { EnterpriseKeyRotation } from './enterprise/key-rotation.service';
import { FactsController } from './facts/facts.controller';
import { EnterpriseImportController } from './import/enterprise-import.controller';
import { EnterpriseImportService } from './import/enterprise-import.service';
import { EnterpriseInit1732000001000 } from './migrations/1732000001000-enterprise-init';
import { EnterprisePhoneMask1732000012000 } from './migrations/1732000012000-enterprise-phone-mask';
import { EnterpriseUpdatedIndex1732000001500 } from './migrations/1732000001500-enterprise-updated-index';
import { EnterpriseFactOwners1732000011100 } from './migrations/1732000011100-enterprise-fact-owners';
import { TagsController } from './tags/tags.controller';
import { TagsService } from './tags/tags.service';

export const ENTERPRISE_MIGRATIONS = [EnterpriseInit1732000001000, EnterpriseUpdatedIndex1732000001500, EnterpriseFactOwners1732000011100, EnterprisePhoneMask1732000012000];

/** 一企一档: profiles, history, fact registry, tag library, import. */
@Module({
  controllers: [EnterprisesController, FactsController, TagsController, EnterpriseImportController],
  providers: [EnterpriseRepository, EnterpriseFactsReader, EnterprisesService, TagsService, EnterpriseImportService, EnterpriseKeyRotation],
  exports: [EnterprisesService, EnterpriseFactsReader, TagsService, EnterpriseImportService, EnterpriseKeyRotation],
})
export class EnterprisesModule {}
