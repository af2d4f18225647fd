import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  APP_CONFIG, AppConfig, assertEnterpriseScope, AuditService, DomainError, fenToYuanText, FieldCipher, maskPhone, mutateReturning, NewEvent, OutboxService, Page,
  Principal, uuid7,
} from '@app/core';
import { EnterpriseProfileChangedPayload, EventNames } from '@app/contracts';
import { changedFacts, EnterpriseRepository, EnterpriseRow, factsOf, factsOfInput, PreparedRow, SELECT_COLUMNS, toView } from './enterprise.repository';
import { EnterpriseFacts, EnterpriseInput, EnterpriseView } from './enterprise.types';
import { checkPatchTypes, FieldError, parseEnterpriseRecord } from './enterprise.validation';

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
  actorId: string | null;
  reason: string | null;
  validFrom: string;
}

/** Firms changed together travel as `enterprise.batch_changed` events of up to 5,000 firms each. */
const CHANGED_PER_EVENT = 5000;
function batchChangedEvents(changes: EnterpriseProfileChangedPayload[]): NewEvent<Record<string, unknown>>[] {
  const events: NewEvent<Record<string, unknown>>[] = [];
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
    private readonly dataSource: DataSource,
    private readonly repo: EnterpriseRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new FieldCipher(config.encryptionKey);
  }

  async list(f: EnterpriseFilter): Promise<Page<EnterpriseView>> {
    const where: string[] = [];
    const p: unknown[] = [];
    if (f.district) where.push(`district_code LIKE $${p.push(f.district.replace(/(00)+$/, '') + '%')}`);
    if (f.industry) where.push(`industry_code LIKE $${p.push(f.industry.toUpperCase() + '%')}`);
    if (f.scale) where.push(`scale = $${p.push(f.scale)}`);
    if (f.tag) where.push(`tags @> ARRAY[$${p.push(f.tag)}]::text[]`);
    if (f.creditStatus) where.push(`credit_status = $${p.push(f.creditStatus)}`);
    if (f.q) where.push(`(name LIKE $${p.push('%' + f.q.replace(/[%_\\]/g, '\\$&') + '%')} OR credit_code = $${p.push(f.q.toUpperCase())})`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM enterprise.enterprises ${clause}`, p);
    const rows: EnterpriseRow[] = await this.dataSource.query(
      `SELECT ${SELECT_COLUMNS} FROM enterprise.enterprises ${clause} ORDER BY seq LIMIT $${p.length + 1} OFFSET $${p.length + 2}`,
      [...p, f.pageSize, (f.page - 1) * f.pageSize],
    );
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
    const [r] = await this.dataSource.query(`SELECT coalesce(min(seq),0)::bigint AS min, coalesce(max(seq),0)::bigint AS max, count(*)::int AS count FROM enterprise.enterprises`);
    return { min: Number(r.min), max: Number(r.max), count: r.count };
  }

  /** Facts of the enterprises with fromSeq <= seq < toSeq, or with the given ids: what matching reads. */
  async factsBatch(selector: { fromSeq: number; toSeq: number } | { ids: string[] }, m: EntityManager | DataSource = this.dataSource): Promise<EnterpriseFactsRecord[]> {
    const [where, params] =
      'ids' in selector ? ['id = ANY($1::uuid[])', [selector.ids]] : ['seq >= $1 AND seq < $2', [selector.fromSeq, selector.toSeq]];
    const rows: EnterpriseRow[] = await m.query(`SELECT ${SELECT_COLUMNS} FROM enterprise.enterprises WHERE ${where} ORDER BY seq`, params);
    return rows.map((r) => ({ id: r.id, name: r.name, version: r.version, facts: factsOf(r) }));
  }

  /**
   * The firm's receiving account on file: encrypted form (for payment snapshots; decrypt only at the
   * treasury adapter) and the masked form for display. Never the clear number.
   */
  async bankAccount(id: string, m: EntityManager | DataSource = this.dataSource): Promise<{ name: string; bankName: string | null; accountEncrypted: string | null; accountMasked: string | null } | null> {
    const rows: Array<{ name: string; bank_name: string | null; bank_account_enc: string | null; bank_account_masked: string | null }> = /^[0-9a-f-]{36}$/i.test(id)
      ? await m.query(`SELECT name, bank_name, bank_account_enc, bank_account_masked FROM enterprise.enterprises WHERE id = $1`, [id])
      : [];
    const r = rows[0];
    return r ? { name: r.name, bankName: r.bank_name, accountEncrypted: r.bank_account_enc, accountMasked: r.bank_account_masked } : null;
  }

  /** Facts only (no id, no secrets): what rules and matching read. */
  async facts(id: string): Promise<EnterpriseFacts | null> {
    const row = await this.repo.findById(id);
    return row ? factsOf(row) : null;
  }

  /**
   * Changes an enterprise's facts or contacts: validated like an import row, a new profile version,
   * an `enterprise.profile.changed` event with the changed fact keys, and an audit entry — one
   * transaction. Nothing changes when the patch is invalid or changes nothing.
   */
  async update(principal: Principal, id: string, patch: Record<string, unknown>, reason: string): Promise<EnterpriseView> {
    assertEnterpriseScope(principal, id);
    if ('creditCode' in patch || 'bankAccount' in patch) {
      throw new DomainError('ENTERPRISE.FIELD_READ_ONLY', '统一社会信用代码与银行账号不能在此修改', { fields: ['creditCode', 'bankAccount'] });
    }
    if (principal.role === 'enterprise') {
      const allowed = new Set(['contactName', 'contactPhone']);
      const denied = Object.keys(patch).filter((k) => !allowed.has(k));
      if (denied.length) throw new DomainError('ENTERPRISE.FIELD_READ_ONLY', '企业用户只能修改联系人信息；经营数据以部门共享数据为准', { fields: denied });
    }
    const typeErrors = checkPatchTypes(patch);
    if (typeErrors.length) throw new DomainError('ENTERPRISE.INVALID', '企业信息校验未通过', { errors: typeErrors });
    return this.dataSource.transaction(async (m) => {
      const row = await this.repo.findById(id, m, true);
      if (!row) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { id });
      const current = toView(row);
      const merged: Record<string, unknown> = { ...currentAsRecord(current), ...patch };
      const parsed = parseEnterpriseRecord(merged);
      if (!parsed.ok) throw new DomainError('ENTERPRISE.INVALID', '企业信息校验未通过', { errors: parsed.errors });
      const added = parsed.value.tags.filter((t) => !current.tags.includes(t));
      const unknownTags = await this.repo.unknownTagCodes(added, m);
      if (unknownTags.length) {
        throw new DomainError('ENTERPRISE.INVALID', '企业信息校验未通过', {
          errors: [{ column: 'tags', code: 'FACT.UNKNOWN_TAG', message: `标签库中没有这些标签：${unknownTags.slice(0, 10).join('、')}` }],
        });
      }
      const input: EnterpriseInput = {
        ...parsed.value,
        bankAccount: undefined,
        contactPhone: 'contactPhone' in patch ? parsed.value.contactPhone : undefined,
      };
      const before = factsOf(row);
      const after = factsOfInput(input);
      const changed = changedFacts(before, after);
      const contactsChanged = 'contactName' in patch || 'contactPhone' in patch;
      if (changed.length === 0 && !contactsChanged) return current;
      await this.writeFactsAndContacts(m, id, input, patch);
      const version = row.version + 1;
      await this.repo.insertVersions(m, [{ enterpriseId: id, version, facts: after, changed }], principal.id, reason);
      if (changed.length) {
        await this.outbox.append(m, {
          name: EventNames.EnterpriseProfileChanged,
          aggregateType: 'enterprise',
          aggregateId: id,
          payload: { enterpriseId: id, version, changedFacts: changed },
        });
      }
      await this.audit.record(
        { actor: principal, action: 'enterprise.update', targetType: 'enterprise', targetId: id, before, after, details: { changed, reason } },
        m,
      );
      const updated = await this.repo.findById(id, m);
      return toView(updated!);
    });
  }

  private async writeFactsAndContacts(m: EntityManager, id: string, x: EnterpriseInput, patch: Record<string, unknown>) {
    const facts = factsOfInput(x);
    const params: unknown[] = [
      id, facts.name, facts.districtCode, facts.industryCode, facts.scale, facts.establishedOn, facts.registeredCapital,
      facts.employees, facts.revenue, facts.taxPaid, facts.rdExpense, facts.exports, facts.rdIntensity, facts.revenueGrowth,
      facts.tags, facts.creditStatus, facts.isListed, x.contactName ?? null,
    ];
    let phone = '';
    if ('contactPhone' in patch) {
      phone = `, contact_phone_enc = $${params.push(x.contactPhone ? this.cipher.encrypt(x.contactPhone) : null)},
        contact_phone_masked = $${params.push(maskPhone(x.contactPhone))}`;
    }
    await m.query(
      `UPDATE enterprise.enterprises SET name=$2, district_code=$3, industry_code=$4, scale=$5, established_on=$6,
         registered_capital=$7, employees=$8, revenue=$9, tax_paid=$10, rd_expense=$11, exports=$12, rd_intensity=$13,
         revenue_growth=$14, tags=$15::text[], credit_status=$16, is_listed=$17, contact_name=$18 ${phone},
         version = version + 1, content_digest = 'edited:' || md5(random()::text), updated_at = now()
       WHERE id = $1`,
      params,
    );
  }

  async history(principal: Principal, id: string): Promise<ProfileVersion[]> {
    assertEnterpriseScope(principal, id);
    const rows: Array<{ version: number; facts: EnterpriseFacts; changed_facts: string[]; actor_id: string | null; reason: string | null; valid_from: Date }> =
      await this.dataSource.query(
        `SELECT version, facts, changed_facts, actor_id, reason, valid_from FROM enterprise.profile_versions
         WHERE enterprise_id = $1 ORDER BY version DESC`,
        [id],
      );
    if (rows.length === 0 && !(await this.repo.findById(id))) throw new DomainError('ENTERPRISE.NOT_FOUND', '企业不存在', { id });
    return rows.map((r) => ({
      version: r.version, facts: r.facts, changedFacts: r.changed_facts, actorId: r.actor_id, reason: r.reason,
      validFrom: new Date(r.valid_from).toISOString(),
    }));
  }

  /**
   * Sets a tag exactly on the firms matching `where` (a SQL condition over enterprise.enterprises
   * aliased `e`, values as parameters) and removes it from the others: each changed firm gets a new
   * profile version and an `enterprise.profile.changed` event naming `tags`. One transaction.
   */
  async applyDerivedTag(code: string, where: { sql: string; params: unknown[] }, actor: Principal | null, reason: string): Promise<{ added: number; removed: number }> {
    return this.dataSource.transaction(async (m) => {
      const tagParam = `$${where.params.length + 1}`;
      const changed = await mutateReturning<{ id: string; version: number; added: boolean }>(
        m,
        `UPDATE enterprise.enterprises e
         SET tags = CASE WHEN e.tags @> ARRAY[${tagParam}]::text[] THEN array_remove(e.tags, ${tagParam})
                         ELSE (SELECT array_agg(t ORDER BY t) FROM unnest(array_append(e.tags, ${tagParam})) t) END,
             version = e.version + 1, updated_at = now(), content_digest = 'derived:' || md5(random()::text)
         WHERE (COALESCE((${where.sql}), false)) <> (e.tags @> ARRAY[${tagParam}]::text[])
         RETURNING e.id, e.version, e.tags @> ARRAY[${tagParam}]::text[] AS added`,
        [...where.params, code],
      );
      if (changed.length === 0) return { added: 0, removed: 0 };
      const records = await this.factsBatch({ ids: changed.map((c) => c.id) }, m);
      const byId = new Map(records.map((r) => [r.id, r]));
      await this.repo.insertVersions(
        m,
        changed.map((c) => ({ enterpriseId: c.id, version: c.version, facts: byId.get(c.id)!.facts, changed: ['tags'] })),
        actor?.id ?? null,
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
    const rows: Array<{ version: number; facts: EnterpriseFacts }> = await this.dataSource.query(
      `SELECT version, facts FROM enterprise.profile_versions WHERE enterprise_id = $1 AND version = ANY($2::int[])`,
      [id, versions],
    );
    return new Map(rows.map((r) => [r.version, r.facts]));
  }

  /** Facts of many firms as they stood at a moment (profile history), for before/after comparisons. */
  async factsAtMany(ids: string[], at: Date): Promise<Map<string, EnterpriseFacts>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ enterprise_id: string; facts: EnterpriseFacts }> = await this.dataSource.query(
      `SELECT DISTINCT ON (enterprise_id) enterprise_id, facts FROM enterprise.profile_versions
       WHERE enterprise_id = ANY($1::uuid[]) AND valid_from <= $2 ORDER BY enterprise_id, valid_from DESC, version DESC`,
      [ids, at.toISOString()],
    );
    return new Map(rows.map((r) => [r.enterprise_id, r.facts]));
  }

  /** The profile as it stood at a moment: the last version valid from before it. */
  async asOf(principal: Principal, id: string, at: Date): Promise<ProfileVersion> {
    assertEnterpriseScope(principal, id);
    const rows: Array<{ version: number; facts: EnterpriseFacts; changed_facts: string[]; actor_id: string | null; reason: string | null; valid_from: Date }> =
      await this.dataSource.query(
        `SELECT version, facts, changed_facts, actor_id, reason, valid_from FROM enterprise.profile_versions
         WHERE enterprise_id = $1 AND valid_from <= $2 ORDER BY valid_from DESC, version DESC LIMIT 1`,
        [id, at.toISOString()],
      );
    if (rows.length === 0) throw new DomainError('ENTERPRISE.NOT_FOUND', '该时间点无企业档案', { id, at: at.toISOString() });
    const r = rows[0];
    return { version: r.version, facts: r.facts, changedFacts: r.changed_facts, actorId: r.actor_id, reason: r.reason, validFrom: new Date(r.valid_from).toISOString() };
  }

  /**
   * Upserts validated enterprises by 统一社会信用代码 in one transaction: new ones inserted (version 1),
   * changed ones overwritten (next version, event), identical ones untouched. Re-running the same
   * batch changes nothing.
   */
  async upsertBatch(inputs: EnterpriseInput[], actor: Principal | null, reason: string, options: { emitEvents?: boolean; audit?: boolean } = {}): Promise<UpsertOutcome> {
    const emitEvents = options.emitEvents ?? true;
    return this.dataSource.transaction(async (m) => {
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
      await this.repo.insertVersions(m, versions, actor?.id ?? null, reason);
      if (emitEvents) {
        const events: NewEvent<Record<string, unknown>>[] = batchChangedEvents(
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

function currentAsRecord(v: EnterpriseView): Record<string, unknown> {
  const money = (fen: number | null) => (fen === null ? null : fenToYuanText(fen));
  return {
    creditCode: v.creditCode, name: v.name, districtCode: v.districtCode, industryCode: v.industryCode, scale: v.scale,
    establishedOn: v.establishedOn, registeredCapital: money(v.registeredCapital), employees: v.employees,
    revenue: money(v.revenue), taxPaid: money(v.taxPaid), rdExpense: money(v.rdExpense), exports: money(v.exports),
    rdIntensity: v.rdIntensity, revenueGrowth: v.revenueGrowth, tags: v.tags, creditStatus: v.creditStatus,
    isListed: v.isListed, creditSource: v.creditSource, creditSince: v.creditSince, creditUntil: v.creditUntil,
    bankName: v.bankName, contactName: v.contactName,
  };
}
