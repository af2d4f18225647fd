import { ENTERPRISE_FACTS_BY_KEY, FactOwner } from '@app/contracts';
import { DomainError, Principal } from '@app/core';
import { EnterpriseErrors } from '../enterprise.errors';
import { EnterpriseFacts, FACT_KEYS } from './enterprise.types';

/**
 * Who may change what on a profile by hand (PATCH /enterprises/:id). Facts belong to the department
 * that owns them in the fact registry (ENTERPRISE_FACTS[].owner), tags to the department of the tag
 * library entry; the data sources (imports, the seed) write everything through their own path.
 *
 *   enterprise   its own contact fields only — never a fact that decides eligibility
 *   dept_editor  the facts and tags its department owns; not contacts (they are the firm's)
 *   admin        any fact (it runs the source imports anyway) and contacts — except source-only
 *                facts (credit status: only the 失信 list import) and tags derived by a rule
 *
 * Every change by a person needs a reason, is audited with before/after values and is flagged on
 * the 免申即享 applications it leads to.
 */
export const CONTACT_FIELDS = ['contactName', 'contactPhone'] as const;
/** Identification, account and credit-list fields: never by PATCH. */
export const READ_ONLY_FIELDS = ['creditCode', 'bankAccount', 'bankName', 'creditSource', 'creditSince', 'creditUntil'] as const;

export interface PatchFields {
  facts: Array<keyof EnterpriseFacts>;
  contacts: string[];
}

export interface Refusal {
  field: string;
  /** Who may change it instead (for the message): a department code, the data source, or the firm. */
  owner: string;
  sourceOnly?: boolean;
}

export interface TagInfo {
  code: string;
  ownerDepartment: string | null;
  source: 'manual' | 'imported' | 'derived';
}

const FACTS: ReadonlySet<string> = new Set(FACT_KEYS);
const CONTACTS: ReadonlySet<string> = new Set(CONTACT_FIELDS);
const READ_ONLY: ReadonlySet<string> = new Set(READ_ONLY_FIELDS);

/** Sorts a normalized patch's keys into facts and contacts; read-only and unknown keys are refused outright. */
export function classifyPatch(patch: Record<string, unknown>): PatchFields {
  const keys = Object.keys(patch);
  const readOnly = keys.filter((k) => READ_ONLY.has(k));
  if (readOnly.length) {
    throw new DomainError(EnterpriseErrors.FieldReadOnly, '统一社会信用代码、银行账户与信用名单字段不能在此修改（账户变更须经企业验证）', { fields: readOnly });
  }
  const unknown = keys.filter((k) => !FACTS.has(k) && !CONTACTS.has(k));
  if (unknown.length) throw new DomainError(EnterpriseErrors.UnknownField, `未知字段：${unknown.join('、')}`, { fields: unknown });
  if (keys.length === 0) throw new DomainError('ENTERPRISE.INVALID', '没有要修改的字段', { errors: [] });
  return { facts: keys.filter((k) => FACTS.has(k)) as Array<keyof EnterpriseFacts>, contacts: keys.filter((k) => CONTACTS.has(k)) };
}

function ownerOf(fact: string): FactOwner {
  return ENTERPRISE_FACTS_BY_KEY.get(fact)?.owner ?? { department: null, source: '数据来源' };
}

/** The facts and contact fields (tags aside: see refusedTags) the caller may not change. */
export function refusedFields(p: Principal, fields: PatchFields): Refusal[] {
  const out: Refusal[] = [];
  for (const fact of fields.facts) {
    const owner = ownerOf(fact);
    if (owner.sourceOnly) {
      out.push({ field: fact, owner: owner.source, sourceOnly: true });
      continue;
    }
    if (owner.perTag && (p.role === 'dept_editor' || p.role === 'admin')) continue; // decided per tag
    const allowed = p.role === 'admin' || (p.role === 'dept_editor' && owner.department !== null && owner.department === p.departmentCode);
    if (!allowed) out.push({ field: fact, owner: owner.department ?? owner.source });
  }
  const contactsAllowed = p.role === 'enterprise' || p.role === 'admin';
  if (!contactsAllowed) for (const c of fields.contacts) out.push({ field: c, owner: '企业本身' });
  return out;
}

/** Tags added or removed that the caller may not change: another department's, or derived by a rule. */
export function refusedTags(p: Principal, changed: readonly string[], library: ReadonlyMap<string, TagInfo>): Refusal[] {
  const out: Refusal[] = [];
  for (const code of changed) {
    const tag = library.get(code);
    if (tag?.source === 'derived') {
      out.push({ field: `tags:${code}`, owner: '标签规则（派生标签只能由规则计算）', sourceOnly: true });
      continue;
    }
    if (p.role === 'admin') continue;
    if (p.role !== 'dept_editor' || !tag || tag.ownerDepartment === null || tag.ownerDepartment !== p.departmentCode) {
      out.push({ field: `tags:${code}`, owner: tag ? (tag.ownerDepartment ?? '平台管理员') : '标签库中无此标签' });
    }
  }
  return out;
}

/** The coded refusal: 403, naming each field and who owns it; FACT_SOURCE_ONLY when only a source may write one of them. */
export function refusalError(refused: Refusal[]): DomainError {
  const sourceOnly = refused.some((r) => r.sourceOnly);
  const list = refused.map((r) => `${r.field}（${r.owner}）`).join('、');
  return sourceOnly
    ? new DomainError(EnterpriseErrors.FactSourceOnly, `以下数据只能由其数据来源更新，不能手工修改：${list}`, { refused })
    : new DomainError(EnterpriseErrors.FactNotOwned, `无权修改以下数据（括号内为归口部门或数据来源）：${list}`, { refused });
}
