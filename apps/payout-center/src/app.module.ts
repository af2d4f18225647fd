import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';

/** 兑付中心 Payout center: health, auth and docs until its capability module lands. */
@Module({ imports: [CoreModule.forRoot()] })
export class AppModule {}
