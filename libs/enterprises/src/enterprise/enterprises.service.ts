import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  APP_CONFIG, AppConfig, assertEnterpriseScope, AuditService, DomainError, FieldCipher, maskPhone, OutboxService, Page,
  Principal, uuid7,
} from '@app/core';
import { AnyNewEvent, ENTERPRISE_FACTS_BY_KEY, EnterpriseProfileChangedPayload, EventNames } from '@app/contracts';
import { changedFacts, EnterpriseRepository, EnterpriseRow, factsOf, factsOfInput, PreparedRow, provenanceView, toView } from './enterprise.repository';
import { ContactWrite, EnterpriseProfilesRepository, VersionRow } from './enterprise-profiles.repository';
import { EnterpriseErrors } from '../enterprise.errors';
import { EnterpriseFacts, EnterpriseInput, EnterpriseView, FactProvenance, FactProvenanceView, ManualFactChange } from './enterprise.types';
import { checkPatchTypes, FieldError, normalizeRecord, parseEnterpriseRecord } from './enterprise.validation';
import { classifyPatch, refusalError, Refusal, refusedFields, refusedTags } from './fact-ownership';
import { currentAsRecord, OwnershipRefusal, personOf, sourceOf, symmetricDifference } from './profile-change';

export interface EnterpriseFilter {
  district?: string;
  industry?: string;
  scale?: string;
  tag?: string;
  creditStatus?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export interface EnterpriseFactsRecord {
  id: string;
  name: string;
  version: number;
  facts: EnterpriseFacts;
  /** Facts a person changed by hand that no data source has written since (key → who, why, before/after). */
  manualFacts: Record<string, ManualFactChange>;
}

export interface UpsertOutcome {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ProfileVersion {
  version: number;
  facts: EnterpriseFacts;
  changedFacts: string[];
  /** A person by hand, or a data source (import, seed, a derived tag's rule). */
  changedBy: 'person' | 'source';
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  actorDepartment: string | null;
  reason: string | null;
  validFrom: string;
  /** Where the facts this version changed came from (data-source syncs and corrections; null before them). */
  provenance: Record<string, FactProvenance> | null;
}

const versionOf = (r: VersionRow): ProfileVersion => ({
  version: r.version, facts: r.facts, changedFacts: r.changed_facts, changedBy: r.changed_by, actorId: r.actor_id, actorName: r.actor_name,
  actorRole: r.actor_role, actorDepartment: r.actor_department, reason: r.reason, validFrom: new Date(r.valid_from).toISOString(),
  provenance: r.provenance ?? null,
});

/** Firms changed together travel as `enterprise.batch_changed` events of up to 5,000 firms each. */
const CHANGED_PER_EVENT = 5000;
function batchChangedEvents(changes: EnterpriseProfileChangedPayload[]): AnyNewEvent[] {
  const events: AnyNewEvent[] = [];
  for (let i = 0; i < changes.length; i += CHANGED_PER_EVENT) {
    const part = changes.slice(i, i + CHANGED_PER_EVENT);
    events.push({ name: EventNames.EnterprisesChanged, aggregateType: 'enterprise', aggregateId: part[0].enterpriseId, payload: { changes: part } });
  }
  return events;
}

@Injectable()
export class EnterprisesService {
  readonly cipher: FieldCipher;

  constructor(
    private readonly profiles: EnterpriseProfilesRepository,
    private readonly repo: EnterpriseRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new FieldCipher(config.keys);
  }

  async list(f: EnterpriseFilter): Promise<Page<EnterpriseView>> {
    const { rows, total } = await this.profiles.list(f, f.page, f.pageSize);
    return { items: rows.map(toView), total, page: f.page, pageSize: f.pageSize };
  }

  async get(principal: Principal, id: string): Promise<EnterpriseView> {
    assertEnterpriseScope(principal, id);
    const row = await this.repo.findById(id);
    if (!row) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { id });
    return toView(row);
  }

  async me(principal: Principal): Promise<EnterpriseView> {
    if (principal.role !== 'enterprise' || !principal.enterpriseId) {
      throw new DomainError('ENTERPRISE.NOT_FOUND', '当前账号未绑定企业');
    }
    return this.get(principal, principal.enterpriseId);
  }

  /** The range of enterprise sequence numbers, for splitting bulk work into jobs. */
  async seqBounds(): Promise<{ min: number; max: number; count: number }> {
    return this.profiles.seqBounds();
  }

  /** Facts of the enterprises with fromSeq <= seq < toSeq, or with the given ids: what matching reads. */
  async factsBatch(selector: { fromSeq: number; toSeq: number } | { ids: string[] }, m?: EntityManager | DataSource): Promise<EnterpriseFactsRecord[]> {
    const rows = await this.profiles.rows(selector, m);
    return rows.map((r) => ({ id: r.id, name: r.name, version: r.version, facts: factsOf(r), manualFacts: r.manual_facts ?? {} }));
  }

  /**
   * The firm's receiving account on file: encrypted form (for payment snapshots; decrypt only at the
   * treasury adapter) and the masked form for display. Never the clear number.
   */
  async bankAccount(id: string, m?: EntityManager | DataSource): Promise<{ name: string; bankName: string | null; accountEncrypted: string | null; accountMasked: string | null } | null> {
    const r = await this.profiles.bankAccount(id, m);
    return r ? { name: r.name, bankName: r.bank_name, accountEncrypted: r.bank_account_enc, accountMasked: r.bank_account_masked } : null;
  }

  /** Where each of the firm's current facts came from (数据来源: source and record, a correction, a person, the import). */
  async provenance(id: string): Promise<FactProvenanceView[]> {
    return provenanceView(await this.profiles.factSources(id));
  }

  /** Facts only (no id, no secrets): what rules and matching read. */
  async facts(id: string): Promise<EnterpriseFacts | null> {
    const row = await this.repo.findById(id);
    return row ? factsOf(row) : null;
  }

  /**
   * Changes an enterprise's facts or contacts by hand. Facts have owners (fact-ownership.ts): the
   * caller may change only what its department (or role) owns — anything else is refused with a
   * coded 403 and nothing is written (the refusal is audited). A reason is required. The change is
   * validated like an import row, makes a new profile version recording who changed it and why, an
   * `enterprise.profile.changed` event with the changed fact keys and an audit entry with the
   * before/after values — one transaction. The changed facts are remembered on the profile as hand
   * changes, so the 免申即享 applications they lead to are flagged for the reviewer.
   */
  async update(principal: Principal, id: string, patchIn: Record<string, unknown>, reasonIn: string | null | undefined): Promise<EnterpriseView> {
    assertEnterpriseScope(principal, id);
    const reason = (reasonIn ?? '').trim();
    if (reason.length < 2) throw new DomainError(EnterpriseErrors.ReasonRequired, '修改企业数据须填写修改原因（至少 2 个字）');
    const patch = normalizeRecord(patchIn);
    const fields = classifyPatch(patch);
    const refused = refusedFields(principal, fields);
    if (refused.length) return this.refuse(principal, id, refused, reason);
    // typed JSON: a number is a number (money in 元), null clears, no empty strings or unknown fields
    const typeErrors = checkPatchTypes(patchIn);
    if (typeErrors.length) throw new DomainError('ENTERPRISE.INVALID', '企业信息校验未通过', { errors: typeErrors });
    try {
      return await this.profiles.transaction(async (m) => {
        const row = await this.repo.findById(id, m, true);
        if (!row) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { id });
        const current = toView(row);
        const parsed = parseEnterpriseRecord({ ...currentAsRecord(current), ...patch });
        if (!parsed.ok) throw new DomainError('ENTERPRISE.INVALID', '企业信息校验未通过', { errors: parsed.errors });
        const before = factsOf(row);
        // Only what the patch names may change: a fact derived while parsing (研发投入强度 from
        // revenue and R&D) stays as the source wrote it.
        const after = { ...before };
        for (const k of fields.facts) (after as Record<string, unknown>)[k] = k === 'tags' ? [...parsed.value.tags].sort() : parsed.value[k];
        const changed = changedFacts(before, after);
        if (changed.includes('tags')) {
          const delta = symmetricDifference(before.tags, after.tags);
          const unknownTags = await this.repo.unknownTagCodes(delta.filter((t) => !before.tags.includes(t)), m);
          if (unknownTags.length) {
            throw new DomainError('ENTERPRISE.INVALID', '企业信息校验未通过', {
              errors: [{ column: 'tags', code: 'FACT.UNKNOWN_TAG', message: `标签库中没有这些标签：${unknownTags.slice(0, 10).join('、')}` }],
            });
          }
          const tagRefusals = refusedTags(principal, delta, await this.profiles.tagLibrary(m, delta));
          if (tagRefusals.length) throw new OwnershipRefusal(tagRefusals);
        }
        const contacts = fields.contacts.filter((c) => c === 'contactPhone' || (parsed.value.contactName ?? null) !== (current.contactName ?? null));
        if (changed.length === 0 && contacts.length === 0) return current;
        const input: EnterpriseInput = { ...parsed.value, ...after, contactName: parsed.value.contactName, contactPhone: parsed.value.contactPhone };
        const version = row.version + 1;
        const at = new Date().toISOString();
        const manual: Record<string, ManualFactChange> = {};
        for (const k of changed) {
          manual[k] = {
            fact: k, label: ENTERPRISE_FACTS_BY_KEY.get(k)?.label ?? k, before: before[k as keyof EnterpriseFacts], after: after[k as keyof EnterpriseFacts],
            version, actorId: principal.id, actorName: principal.displayName || principal.username, actorRole: principal.role,
            department: principal.departmentCode, reason, at,
          };
        }
        const provenance: Record<string, FactProvenance> = {};
        for (const k of changed) {
          provenance[k] = { via: 'person', source: null, sourceName: `${principal.displayName || principal.username}（手工修改：${reason}）`, recordId: null, fetchedAt: at, version };
        }
        await this.writeFactsAndContacts(m, id, input, fields.contacts, manual, provenance);
        await this.repo.insertVersions(m, [{ enterpriseId: id, version, facts: after, changed, provenance }], personOf(principal), reason);
        if (changed.length) {
          await this.outbox.append(m, {
            name: EventNames.EnterpriseProfileChanged,
            aggregateType: 'enterprise',
            aggregateId: id,
            payload: { enterpriseId: id, version, changedFacts: changed },
          });
        }
        const pick = (f: EnterpriseFacts) => Object.fromEntries(changed.map((k) => [k, f[k as keyof EnterpriseFacts]]));
        const contactValues = (v: { contactName: string | null; phone: string | null }) =>
          Object.fromEntries(fields.contacts.map((c) => [c, c === 'contactPhone' ? maskPhone(v.phone) : v.contactName]));
        await this.audit.record(
          {
            actor: principal, action: 'enterprise.update', targetType: 'enterprise', targetId: id,
            before: { ...pick(before), ...contactValues({ contactName: current.contactName, phone: null }) },
            after: { ...pick(after), ...contactValues({ contactName: input.contactName ?? null, phone: input.contactPhone ?? null }) },
            details: {
              reason, version, changedBy: 'person', department: principal.departmentCode,
              changes: changed.map((k) => ({ fact: k, before: before[k as keyof EnterpriseFacts], after: after[k as keyof EnterpriseFacts] })),
              contacts: fields.contacts.map((c) => ({
                field: c,
                before: c === 'contactPhone' ? current.contactPhoneMasked : current.contactName,
                after: c === 'contactPhone' ? maskPhone(input.contactPhone ?? null) : (input.contactName ?? null),
              })),
            },
          },
          m,
        );
        const updated = await this.repo.findById(id, m);
        return toView(updated!);
      });
    } catch (err) {
      if (err instanceof OwnershipRefusal) return this.refuse(principal, id, err.refused, reason);
      throw err;
    }
  }

  /** Audits a refused change (in its own transaction: nothing of the change is written) and throws the coded 403. */
  private async refuse(principal: Principal, id: string, refused: Refusal[], reason: string): Promise<never> {
    await this.audit.record({
      actor: principal, action: 'enterprise.update', outcome: 'denied', targetType: 'enterprise', targetId: id,
      details: { reason, refused },
    });
    throw refusalError(refused);
  }

  private async writeFactsAndContacts(
    m: EntityManager, id: string, x: EnterpriseInput, contacts: string[], manual: Record<string, ManualFactChange>, provenance: Record<string, FactProvenance>,
  ) {
    const write: ContactWrite = {};
    if (contacts.includes('contactName')) write.contactName = x.contactName ?? null;
    // The clear phone number never reaches the repository: encrypted and masked here.
    if (contacts.includes('contactPhone')) write.phone = { encrypted: x.contactPhone ? this.cipher.encrypt(x.contactPhone) : null, masked: maskPhone(x.contactPhone ?? null) };
    await this.profiles.writeHandChange(m, id, factsOfInput(x), write, manual, provenance);
  }

  async history(principal: Principal, id: string): Promise<ProfileVersion[]> {
    assertEnterpriseScope(principal, id);
    const rows = await this.profiles.versions(id);
    if (rows.length === 0 && !(await this.repo.findById(id))) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { id });
    return rows.map(versionOf);
  }

  /**
   * Sets a tag exactly on the firms matching `where` (a SQL condition over enterprise.enterprises
   * aliased `e`, values as parameters) and removes it from the others: each changed firm gets a new
   * profile version and an `enterprise.profile.changed` event naming `tags`. One transaction.
   */
  async applyDerivedTag(code: string, where: { sql: string; params: unknown[] }, actor: Principal | null, reason: string): Promise<{ added: number; removed: number }> {
    return this.profiles.transaction(async (m) => {
      const changed = await this.profiles.toggleDerivedTag(m, code, where);
      if (changed.length === 0) return { added: 0, removed: 0 };
      const records = await this.factsBatch({ ids: changed.map((c) => c.id) }, m);
      const byId = new Map(records.map((r) => [r.id, r]));
      await this.repo.insertVersions(
        m,
        changed.map((c) => ({ enterpriseId: c.id, version: c.version, facts: byId.get(c.id)!.facts, changed: ['tags'] })),
        sourceOf(actor),
        reason,
      );
      await this.outbox.appendMany(m, batchChangedEvents(changed.map((c) => ({ enterpriseId: c.id, version: c.version, changedFacts: ['tags'] }))));
      const added = changed.filter((c) => c.added).length;
      await this.audit.record({ actor, action: 'tag.derive', targetType: 'tag', targetId: code, details: { added, removed: changed.length - added, reason } }, m);
      return { added, removed: changed.length - added };
    });
  }

  /** One firm's facts at the given profile versions (what a match row records it was matched on). */
  async factsAtVersions(id: string, versions: number[]): Promise<Map<number, EnterpriseFacts>> {
    if (versions.length === 0) return new Map();
    return this.profiles.factsAtVersions(id, versions);
  }

  /** Facts of many firms as they stood at a moment (profile history), for before/after comparisons. */
  async factsAtMany(ids: string[], at: Date): Promise<Map<string, EnterpriseFacts>> {
    if (ids.length === 0) return new Map();
    return this.profiles.factsAtMany(ids, at);
  }

  /** The profile as it stood at a moment: the last version valid from before it. */
  async asOf(principal: Principal, id: string, at: Date): Promise<ProfileVersion> {
    assertEnterpriseScope(principal, id);
    const row = await this.profiles.versionAt(id, at);
    if (!row) throw new DomainError('ENTERPRISE.NOT_FOUND', '该时间点无企业档案', { id, at: at.toISOString() });
    return versionOf(row);
  }

  /**
   * Upserts validated enterprises by 统一社会信用代码 in one transaction: new ones inserted (version 1),
   * changed ones overwritten (next version, event), identical ones untouched. Re-running the same
   * batch changes nothing.
   */
  /** After a bulk load (an import, the demo data): the planner's statistics of the profile tables. */
  async refreshStatistics(): Promise<void> {
    await this.repo.analyze();
  }

  async upsertBatch(inputs: EnterpriseInput[], actor: Principal | null, reason: string, options: { emitEvents?: boolean; audit?: boolean } = {}): Promise<UpsertOutcome> {
    const emitEvents = options.emitEvents ?? true;
    return this.profiles.transaction(async (m) => {
      const byCode = new Map<string, EnterpriseInput>();
      for (const x of inputs) byCode.set(x.creditCode, x);
      const existing = new Map((await this.repo.lockByCreditCodes(m, [...byCode.keys()])).map((r) => [r.credit_code, r]));
      const fresh: PreparedRow[] = [];
      const changed: Array<PreparedRow & { before: EnterpriseRow }> = [];
      let unchanged = 0;
      for (const x of byCode.values()) {
        const digest = this.repo.contentDigest(x, this.cipher);
        const old = existing.get(x.creditCode);
        if (!old) fresh.push({ id: uuid7(), input: x, facts: factsOfInput(x), digest });
        else if (old.content_digest !== digest) changed.push({ id: old.id, input: x, facts: factsOfInput(x), digest, before: old });
        else unchanged++;
      }
      const inserted = await this.repo.insertMany(m, fresh, this.cipher);
      const created = fresh.filter((r) => inserted.has(r.id));
      await this.repo.updateMany(m, changed, this.cipher);
      const versions = [
        ...created.map((r) => ({ enterpriseId: r.id, version: 1, facts: r.facts, changed: Object.keys(r.facts) })),
        ...changed.map((r) => ({ enterpriseId: r.id, version: r.before.version + 1, facts: r.facts, changed: changedFacts(factsOf(r.before), r.facts) })),
      ];
      await this.repo.insertVersions(m, versions, sourceOf(actor), reason);
      if (emitEvents) {
        const events: AnyNewEvent[] = batchChangedEvents(
          changed
            .map((r, i) => ({ enterpriseId: r.id, version: versions[created.length + i].version, changedFacts: versions[created.length + i].changed }))
            .filter((c) => c.changedFacts.length > 0),
        );
        if (created.length) {
          events.push({
            name: EventNames.EnterprisesCreated,
            aggregateType: 'enterprise',
            aggregateId: created[0].id,
            payload: { enterpriseIds: created.map((r) => r.id) },
          });
        }
        await this.outbox.appendMany(m, events);
      }
      if (options.audit ?? true) {
        await this.audit.record(
          { actor, action: 'enterprise.upsert_batch', targetType: 'enterprise', details: { reason, created: created.length, updated: changed.length, unchanged } },
          m,
        );
      }
      return { created: created.length, updated: changed.length, unchanged: unchanged + (fresh.length - created.length) };
    });
  }

  validate(record: Record<string, unknown>): { ok: true; value: EnterpriseInput } | { ok: false; errors: FieldError[] } {
    return parseEnterpriseRecord(record);
  }
}
