import { DynamicModule, Module } from '@nestjs/common';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { FactRegistry } from '@app/rules';
import { PoliciesModule } from '@app/policies';
import { EnterprisesModule } from '@app/enterprises';
import { SandboxInit1732000005000 } from './migrations/1732000005000-sandbox-init';
import { SandboxController } from './sandbox.controller';
import { DEFAULT_SANDBOX_OPTIONS, SANDBOX_OPTIONS, SandboxOptions } from './sandbox.options';
import { SandboxService } from './sandbox.service';
import { EffectAnalysisService } from './effect/effect-analysis.service';
import { ScenariosRepository } from './scenarios/scenarios.repository';
import { ScenariosService } from './scenarios/scenarios.service';
import { SnapshotService } from './snapshot/snapshot.service';
import { SANDBOX_FACT_REGISTRY } from './snapshot/snapshot.tokens';

/** Runs after the enterprise schema (the snapshot reads enterprise.enterprises). */
export const SANDBOX_MIGRATIONS = [SandboxInit1732000005000];

const PROVIDERS = [
  { provide: SANDBOX_FACT_REGISTRY, useFactory: () => new FactRegistry(ENTERPRISE_FACTS) },
  SnapshotService,
  SandboxService,
  ScenariosRepository,
  ScenariosService,
  EffectAnalysisService,
];
const EXPORTS = [SnapshotService, SandboxService, ScenariosService];

/**
 * 数据沙盘: the columnar snapshot of every profile, what-if analysis, threshold sweeps, tag
 * combinations, duplicate-benefit overlap and saved scenarios. Import `SandboxModule` as is (build
 * at start, refresh every 5 s) or `SandboxModule.forRoot({...})` to tune it.
 */
@Module({
  imports: [PoliciesModule, EnterprisesModule],
  controllers: [SandboxController],
  providers: [...PROVIDERS, { provide: SANDBOX_OPTIONS, useValue: DEFAULT_SANDBOX_OPTIONS }],
  exports: EXPORTS,
})
export class SandboxModule {
  static forRoot(options: Partial<SandboxOptions> = {}): DynamicModule {
    return {
      module: SandboxModule,
      controllers: [SandboxController],
      providers: [...PROVIDERS, { provide: SANDBOX_OPTIONS, useValue: { ...DEFAULT_SANDBOX_OPTIONS, ...options } }],
      exports: EXPORTS,
    };
  }
}
