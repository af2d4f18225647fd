import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/core';
import { ScenariosService } from '../scenario/scenarios.service';
import { WhatIfService } from '../what-if/what-if.service';
import { whatIfCsv } from './scenario-csv';

/** Firms listed per gained/lost list in a CSV export. */
export const EXPORT_LIST_LIMIT = 10_000;

/** 导出: a saved scenario's answer as a file. */
@Injectable()
export class ScenarioExportService {
  constructor(
    private readonly scenarios: ScenariosService,
    private readonly whatIfs: WhatIfService,
  ) {}

  /** The answer's distributions and the gained/lost lists (up to EXPORT_LIST_LIMIT firms each) as CSV. */
  async exportCsv(p: Principal, id: string): Promise<{ filename: string; csv: string }> {
    const scenario = await this.scenarios.get(p, id);
    const answer = await this.whatIfs.whatIf(scenario.definition, p, EXPORT_LIST_LIMIT);
    return { filename: `scenario-${scenario.id}.csv`, csv: whatIfCsv(scenario.name, answer) };
  }
}
