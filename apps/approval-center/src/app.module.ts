import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';

/** 审批中心 Approval center: health, auth and docs until its capability module lands. */
@Module({ imports: [CoreModule.forRoot()] })
export class AppModule {}
