import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/core';
import { ScenarioResolver } from '../scenario/scenario-resolver.service';
import { SnapshotService } from '../snapshot/snapshot.service';
import { BaselineCache } from './baseline-cache';
import { runWhatIf, WhatIfAnswer } from './what-if.engine';

/** 情景推演 over the current snapshot. Permissions are checked by the controllers. */
@Injectable()
export class WhatIfService {
  /** Baselines of the items being explored (a slider move re-evaluates only the scenario side). */
  private readonly baselines = new BaselineCache();

  constructor(
    private readonly snapshots: SnapshotService,
    private readonly resolver: ScenarioResolver,
  ) {}

  async whatIf(definition: unknown, p: Principal, overrideSampleSize?: number): Promise<WhatIfAnswer> {
    const s = await this.resolver.resolve(definition, p);
    const snapshot = this.snapshots.current();
    return runWhatIf(snapshot, overrideSampleSize === undefined ? s : { ...s, sampleSize: overrideSampleSize }, this.baselines);
  }
}
