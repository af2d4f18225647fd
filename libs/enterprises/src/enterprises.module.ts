import { Module } from '@nestjs/common';
import { EnterpriseRepository } from './enterprise/enterprise.repository';
import { EnterprisesController } from './enterprise/enterprises.controller';
import { EnterprisesService } from './enterprise/enterprises.service';
import { FactsController } from './facts/facts.controller';
import { EnterpriseImportController } from './import/enterprise-import.controller';
import { EnterpriseImportService } from './import/enterprise-import.service';
import { EnterpriseInit1732000001000 } from './migrations/1732000001000-enterprise-init';
import { EnterprisePhoneMask1732000012000 } from './migrations/1732000012000-enterprise-phone-mask';
import { EnterpriseUpdatedIndex1732000001500 } from './migrations/1732000001500-enterprise-updated-index';
import { TagsController } from './tags/tags.controller';
import { TagsService } from './tags/tags.service';

export const ENTERPRISE_MIGRATIONS = [EnterpriseInit1732000001000, EnterpriseUpdatedIndex1732000001500, EnterprisePhoneMask1732000012000];

/** 一企一档: profiles, history, fact registry, tag library, import. */
@Module({
  controllers: [EnterprisesController, FactsController, TagsController, EnterpriseImportController],
  providers: [EnterpriseRepository, EnterprisesService, TagsService, EnterpriseImportService],
  exports: [EnterprisesService, TagsService, EnterpriseImportService],
})
export class EnterprisesModule {}
