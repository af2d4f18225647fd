import { DynamicModule, Module } from '@nestjs/common';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { FactRegistry } from '@app/rules';
import { PoliciesModule } from '@app/policies';
import { EnterprisesModule } from '@app/enterprises';
import { AnalysisController } from './analysis/analysis.controller';
import { AnalysisService } from './analysis/analysis.service';
import { EffectAnalysisService } from './effect/effect-analysis.service';
import { EffectController } from './effect/effect.controller';
import { ScenarioExportController } from './export/scenario-export.controller';
import { ScenarioExportService } from './export/scenario-export.service';
import { SandboxInit1732000005000 } from './migrations/1732000005000-sandbox-init';
import { DEFAULT_SANDBOX_OPTIONS, SANDBOX_OPTIONS, SandboxOptions } from './sandbox.options';
import { ScenarioResolver } from './scenario/scenario-resolver.service';
import { ScenariosController } from './scenario/scenarios.controller';
import { ScenariosRepository } from './scenario/scenarios.repository';
import { ScenariosService } from './scenario/scenarios.service';
import { SnapshotController } from './snapshot/snapshot.controller';
import { SnapshotService } from './snapshot/snapshot.service';
import { SANDBOX_FACT_REGISTRY } from './snapshot/snapshot.tokens';
import { WhatIfController } from './what-if/what-if.controller';
import { WhatIfService } from './what-if/what-if.service';

/** Runs after the enterprise schema (the snapshot reads enterprise.enterprises). */
export const SANDBOX_MIGRATIONS = [SandboxInit1732000005000];

/** One controller per feature, all under /sandbox. */
const CONTROLLERS = [SnapshotController, WhatIfController, AnalysisController, EffectController, ScenariosController, ScenarioExportController];

const PROVIDERS = [
  { provide: SANDBOX_FACT_REGISTRY, useFactory: () => new FactRegistry(ENTERPRISE_FACTS) },
  SnapshotService,
  ScenarioResolver,
  WhatIfService,
  AnalysisService,
  ScenariosRepository,
  ScenariosService,
  ScenarioExportService,
  EffectAnalysisService,
];
const EXPORTS = [SnapshotService, ScenarioResolver, WhatIfService, AnalysisService, ScenariosService];

/**
 * 数据沙盘: the columnar snapshot of every profile, what-if analysis, threshold sweeps, tag
 * combinations, duplicate-benefit overlap and saved scenarios. Import `SandboxModule` as is (build
 * at start, refresh every 5 s) or `SandboxModule.forRoot({...})` to tune it.
 */
@Module({
  imports: [PoliciesModule, EnterprisesModule],
  controllers: CONTROLLERS,
  providers: [...PROVIDERS, { provide: SANDBOX_OPTIONS, useValue: DEFAULT_SANDBOX_OPTIONS }],
  exports: EXPORTS,
})
export class SandboxModule {
  static forRoot(options: Partial<SandboxOptions> = {}): DynamicModule {
    return {
      module: SandboxModule,
      controllers: CONTROLLERS,
      providers: [...PROVIDERS, { provide: SANDBOX_OPTIONS, useValue: { ...DEFAULT_SANDBOX_OPTIONS, ...options } }],
      exports: EXPORTS,
    };
  }
}
