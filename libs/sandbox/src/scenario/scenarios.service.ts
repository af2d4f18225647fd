import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ItemVersionRepository, ItemVersionView, PoliciesService } from '@app/policies';
import { AuditService, DomainError, Page, Principal, ScopeDeniedError, uuid7 } from '@app/core';
import { SandboxErrors } from '../sandbox.errors';
import type { WhatIfAnswer } from '../what-if/what-if.engine';
import { WhatIfService } from '../what-if/what-if.service';
import type { ScenarioDefinition } from './scenario.types';
import { ScenarioResolver } from './scenario-resolver.service';
import { SavedScenario, ScenariosRepository } from './scenarios.repository';

export interface NewScenario {
  name: string;
  description?: string | null;
  definition: ScenarioDefinition;
  shared?: boolean;
}

export interface ScenarioPatch {
  name?: string;
  description?: string | null;
  definition?: ScenarioDefinition;
  shared?: boolean;
}

/** A saved scenario run now: the scenario and its what-if answer over the current snapshot. */
export interface ScenarioRun {
  scenario: SavedScenario;
  answer: WhatIfAnswer;
}

/**
 * Saved scenarios (情景): a leader's or a department's what-ifs, kept by name, shared on demand.
 * Visible to the owner, to the owner's department (department roles), and to everyone when shared;
 * anything else is 404. Only the owner (or admin) changes or deletes one.
 */
@Injectable()
export class ScenariosService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ScenariosRepository,
    private readonly resolver: ScenarioResolver,
    private readonly whatIfs: WhatIfService,
    private readonly audit: AuditService,
    private readonly itemVersions: ItemVersionRepository,
    private readonly policies: PoliciesService,
  ) {}

  async create(p: Principal, input: NewScenario): Promise<SavedScenario> {
    await this.resolver.resolve(input.definition, p); // only runnable scenarios are saved
    return this.dataSource.transaction(async (m) => {
      const saved = await this.repo.insert(m, {
        id: uuid7(),
        ownerId: p.id,
        ownerName: p.displayName,
        ownerRole: p.role,
        departmentCode: p.departmentCode,
        name: input.name,
        description: input.description ?? null,
        definition: input.definition,
        shared: input.shared ?? false,
      });
      await this.audit.record(
        { actor: p, action: 'sandbox.scenario.create', targetType: 'sandbox_scenario', targetId: saved.id, after: saved, details: { name: saved.name, shared: saved.shared } },
        m,
      );
      return saved;
    });
  }

  async list(p: Principal, q: { page: number; pageSize: number; mine?: boolean }): Promise<Page<SavedScenario>> {
    const { items, total } = await this.repo.listVisible(p, { mine: q.mine, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  async get(p: Principal, id: string): Promise<SavedScenario> {
    const s = await this.repo.findVisible(p, id);
    if (!s) throw new ScopeDeniedError('SANDBOX_SCENARIO', id);
    return s;
  }

  async update(p: Principal, id: string, patch: ScenarioPatch): Promise<SavedScenario> {
    if (patch.definition !== undefined) await this.resolver.resolve(patch.definition, p);
    return this.dataSource.transaction(async (m) => {
      const before = await this.ownedForChange(p, id, m);
      const after = await this.repo.update(m, id, patch);
      await this.audit.record(
        {
          actor: p,
          action: patch.shared !== undefined && patch.shared !== before.shared ? 'sandbox.scenario.share' : 'sandbox.scenario.update',
          targetType: 'sandbox_scenario',
          targetId: id,
          before,
          after,
          details: { fields: Object.keys(patch), shared: after.shared },
        },
        m,
      );
      return after;
    });
  }

  async remove(p: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const before = await this.ownedForChange(p, id, m);
      await this.repo.delete(m, id);
      await this.audit.record({ actor: p, action: 'sandbox.scenario.delete', targetType: 'sandbox_scenario', targetId: id, before }, m);
    });
  }

  async run(p: Principal, id: string): Promise<ScenarioRun> {
    const scenario = await this.get(p, id);
    return { scenario, answer: await this.whatIfs.whatIf(scenario.definition, p) };
  }

  /**
   * A scenario based on a policy item version becomes a new draft version of that item (rule and
   * formula after the overrides), to be submitted and reviewed by the owning department as usual.
   * Refused when the item already has a draft or a version in review, so nobody's work is overwritten.
   */
  async proposeAsDraft(p: Principal, id: string): Promise<ItemVersionView> {
    const scenario = await this.get(p, id);
    const base = (scenario.definition as { base?: { itemVersionId?: unknown } }).base;
    if (!base || typeof base.itemVersionId !== 'string') {
      throw new DomainError('SANDBOX.PROPOSAL_NEEDS_ITEM', '只有以政策事项版本为基准的情景才能转为草稿', { at: '/base/itemVersionId' });
    }
    const resolved = await this.resolver.resolve(scenario.definition, p);
    const version = await this.itemVersions.byId(base.itemVersionId);
    if (!version) throw new ScopeDeniedError('ITEM_VERSION', base.itemVersionId);
    const open = (await this.itemVersions.forItem(version.itemId)).find((v) => v.status === 'draft' || v.status === 'in_review');
    if (open) throw new DomainError('SANDBOX.DRAFT_EXISTS', `该事项已有未发布的版本 v${open.version}（${open.status}），请先处理`, { version: open.version });
    const draft = await this.policies.editItem(p, version.itemId, { rule: resolved.rule, formula: resolved.formula }, `数据沙盘情景“${scenario.name}”提出的调整`);
    await this.audit.record({ actor: p, action: 'sandbox.scenario.propose', targetType: 'sandbox_scenario', targetId: id, details: { itemId: version.itemId, draftVersion: draft.version } });
    return draft;
  }

  private async ownedForChange(p: Principal, id: string, m: Parameters<ScenariosRepository['findVisible']>[2]): Promise<SavedScenario> {
    const s = await this.repo.findVisible(p, id, m, true);
    if (!s) throw new ScopeDeniedError('SANDBOX_SCENARIO', id);
    if (p.role !== 'admin' && s.ownerId !== p.id) {
      throw new DomainError(SandboxErrors.ScenarioForbidden, '只有创建人可以修改或删除该情景', { id });
    }
    return s;
  }
}
