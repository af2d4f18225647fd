/**
 * Response shapes of the sandbox and policy routes the OpenAPI document does not type yet, copied
 * from libs/sandbox (WhatIfAnswer, SweepAnswer, OverlapAnswer, EffectAnswer, SavedScenario) and
 * libs/policies (PolicyView).
 */
import type { PatchOperation } from '../../lib/rule-thresholds';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ItemVersion {
  id: string;
  itemId: string;
  itemCode: string;
  version: number;
  status: string;
  name: string;
  rule: unknown;
  formula: unknown;
  fundPoolFen: number;
  ownerDepartment: string;
}

export interface PolicySummary {
  id: string;
  code: string;
  title: string;
  ownerDepartment: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface PolicyDetail extends PolicySummary {
  items: Array<{ id: string; code: string; latestVersion: number; current: ItemVersion | null; open: ItemVersion | null; latest: ItemVersion }>;
}

export interface FirmSample {
  id: string;
  name: string | null;
  districtCode: string | null;
  industryCode: string | null;
  scale: string | null;
  amountFen: number;
}

export interface GroupRow {
  key: string;
  label: string;
  count: number;
  totalFen: number;
}

export type GroupKey = 'district' | 'industry' | 'scale' | 'tag';

export interface Outcome {
  eligible: number;
  totalFen: number;
  averageFen: number;
  distribution: Partial<Record<GroupKey, GroupRow[]>>;
}

export interface ChangeSet {
  count: number;
  totalFen: number;
  sample: FirmSample[];
}

export interface WhatIfAnswer {
  snapshot: { rows: number; asOf: string | null };
  asOf: string;
  scenario: Outcome;
  baseline: Outcome;
  diff: { gained: ChangeSet; lost: ChangeSet; kept: number; deltaEligible: number; deltaFen: number };
  budget: null | {
    capFen: number;
    priority: string;
    priorityDescription: string;
    funded: number;
    fundedFen: number;
    unfunded: number;
    unfundedFen: number;
    exhaustedAt: null | { rank: number; firm: FirmSample; cumulativeFenBefore: number; remainingFen: number };
  };
  timingMs: number;
}

export interface SweepAnswer {
  pointer: string;
  fact: string;
  operator: string;
  points: Array<{ value: number; eligible: number; totalFen: number }>;
  timingMs: number;
}

export interface OverlapAnswer {
  items: Array<{ key: string; name: string; eligible: number }>;
  matrix: number[][];
  multiEligible: number;
  byItemCount: number[];
  sample: Array<{ id: string; name: string | null; districtCode: string | null; items: string[] }>;
  timingMs: number;
}

export interface GroupChange {
  firms: number;
  meanBefore: number;
  meanAfter: number;
  meanChange: number;
}

export interface EffectAnswer {
  itemId: string;
  itemName: string;
  firstPublishedAt: string | null;
  paid: { firms: number; totalFen: number };
  comparisonFirms: number;
  indicators: Array<{ key: string; label: string; unit: string; treated: GroupChange; control: GroupChange; effect: number }>;
  method: string;
}

export interface ScenarioDefinition {
  base: { itemVersionId: string };
  overrides?: { rule?: PatchOperation[]; budgetCapFen?: number };
  options?: { groupBy?: GroupKey[] };
}

export interface SavedScenario {
  id: string;
  ownerId: string;
  ownerName: string | null;
  name: string;
  description: string | null;
  definition: ScenarioDefinition;
  shared: boolean;
  createdAt: string;
  updatedAt: string;
}
