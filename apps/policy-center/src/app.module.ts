import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { ENTERPRISE_MIGRATIONS, EnterprisesModule } from '@app/enterprises';

/** 政策中心 Policy center: enterprises (一企一档), facts and tags now; policies, matching, push and search as they land. */
@Module({ imports: [CoreModule.forRoot({ migrations: [...ENTERPRISE_MIGRATIONS] }), EnterprisesModule] })
export class AppModule {}
