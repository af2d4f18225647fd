import { DateErrorCodes, dateProblem, dateProblemMessage } from '@app/contracts';
import { yuanToFen } from '@app/core';
import { isKnownDistrict } from '../catalogue/districts';
import { isValidIndustryCode } from '../catalogue/industries';
import { normalizeCreditCode, validateCreditCode } from '../credit-code/credit-code';
import type { EnterpriseFacts, EnterpriseInput } from './enterprise.types';

export interface FieldError {
  column: string;
  code: string;
  message: string;
}

export type ParseResult = { ok: true; value: EnterpriseInput } | { ok: false; errors: FieldError[] };

/** Import columns, with the Chinese headers people actually use as aliases. Money columns are in 元. */
export const COLUMN_ALIASES: Record<string, string> = {
  统一社会信用代码: 'creditCode',
  企业名称: 'name',
  所在区域: 'districtCode',
  区县代码: 'districtCode',
  行业代码: 'industryCode',
  所属行业: 'industryCode',
  企业规模: 'scale',
  成立日期: 'establishedOn',
  注册资本: 'registeredCapital',
  从业人数: 'employees',
  营业收入: 'revenue',
  纳税额: 'taxPaid',
  研发费用: 'rdExpense',
  出口额: 'exports',
  营业收入增长率: 'revenueGrowth',
  企业标签: 'tags',
  信用状态: 'creditStatus',
  上市企业: 'isListed',
  开户银行: 'bankName',
  银行账号: 'bankAccount',
  联系人: 'contactName',
  联系电话: 'contactPhone',
};

const SCALE_ALIASES: Record<string, EnterpriseFacts['scale']> = {
  large: 'large', medium: 'medium', small: 'small', micro: 'micro', 大: 'large', 中: 'medium', 小: 'small', 微: 'micro',
  大型: 'large', 中型: 'medium', 小型: 'small', 微型: 'micro',
};
const CREDIT_ALIASES: Record<string, EnterpriseFacts['creditStatus']> = { good: 'good', dishonest: 'dishonest', 守信: 'good', 失信: 'dishonest' };
const BOOL_ALIASES: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, 是: true, 否: false, yes: true, no: false };

const MONEY_COLUMNS = ['registeredCapital', 'revenue', 'taxPaid', 'rdExpense', 'exports'] as const;
const MAX_MONEY_FEN = 10 ** 15; // 10万亿元: anything above is a unit mistake

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Columns holding a day (YYYY-MM-DD); an XLSX date cell in one of them arrives as a day serial. */
export const DATE_COLUMNS: ReadonlySet<string> = new Set(['establishedOn', 'creditSince', 'creditUntil']);

/** Text the database cannot store (NUL) or that no person typed (other C0 controls except tab/newline). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** Normalizes header names (Chinese aliases, stray spaces, BOM). */
export function normalizeRecord(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = k.replace(/^\uFEFF/, '').trim();
    out[COLUMN_ALIASES[key] ?? key] = v;
  }
  return out;
}

/**
 * Validates one import row or update into an EnterpriseInput. Every problem is reported with its
 * column, a code and a Chinese message; a row with any error is never written.
 */
export function parseEnterpriseRecord(input: Record<string, unknown>, today = new Date().toISOString().slice(0, 10)): ParseResult {
  const r = normalizeRecord(input);
  const errors: FieldError[] = [];
  const err = (column: string, code: string, message: string) => errors.push({ column, code, message });
  const str = (c: string) => (blank(r[c]) ? null : String(r[c]).trim());
  for (const [c, v] of Object.entries(r)) {
    if (typeof v === 'string' && CONTROL_CHARACTERS.test(v)) err(c, 'ENTERPRISE.INVALID_TEXT', `${c} 含有不可见的控制字符（如 NUL）`);
  }

  const creditCode = normalizeCreditCode(str('creditCode') ?? '');
  const cc = validateCreditCode(creditCode);
  if (!cc.ok) err('creditCode', 'ENTERPRISE.INVALID_CREDIT_CODE', `统一社会信用代码无效：${cc.reason}`);

  const name = str('name');
  if (!name) err('name', 'ENTERPRISE.NAME_REQUIRED', '企业名称不能为空');
  else if (name.length > 200) err('name', 'ENTERPRISE.NAME_TOO_LONG', '企业名称不超过200字');

  const districtCode = str('districtCode');
  if (districtCode !== null && !isKnownDistrict(districtCode)) err('districtCode', 'ENTERPRISE.INVALID_DISTRICT', `未知的区域代码“${districtCode}”`);
  const industryCode = str('industryCode')?.toUpperCase() ?? null;
  if (industryCode !== null && !isValidIndustryCode(industryCode)) err('industryCode', 'ENTERPRISE.INVALID_INDUSTRY', `行业代码“${industryCode}”不符合 GB/T 4754`);

  let scale: EnterpriseFacts['scale'] = null;
  const scaleText = str('scale');
  if (scaleText !== null) {
    scale = SCALE_ALIASES[scaleText] ?? null;
    if (!scale) err('scale', 'ENTERPRISE.INVALID_SCALE', `企业规模应为 大/中/小/微，实为“${scaleText}”`);
  }

  const dateOf = (c: string, label: string): string | null => {
    const v = str(c);
    if (v === null) return null;
    const problem = dateProblem(v);
    if (problem) {
      err(c, problem === DateErrorCodes.OutOfRange ? problem : 'ENTERPRISE.INVALID_DATE', dateProblemMessage(label, v));
      return null;
    }
    return v;
  };
  const establishedOn = dateOf('establishedOn', '成立日期');
  if (establishedOn && establishedOn > today) err('establishedOn', 'ENTERPRISE.INVALID_DATE', '成立日期不能晚于今天');

  const money: Partial<Record<(typeof MONEY_COLUMNS)[number], number | null>> = {};
  for (const c of MONEY_COLUMNS) {
    money[c] = null;
    if (blank(r[c])) continue;
    try {
      const fen = yuanToFen(r[c] as string | number);
      if (fen < 0) err(c, 'ENTERPRISE.NEGATIVE_AMOUNT', `${c} 不能为负数`);
      else if (Math.abs(fen) > MAX_MONEY_FEN) err(c, 'ENTERPRISE.AMOUNT_TOO_LARGE', `${c} 金额过大（单位应为元）`);
      else money[c] = fen;
    } catch {
      err(c, 'ENTERPRISE.INVALID_AMOUNT', `${c} 应为以元为单位、最多两位小数的金额，实为“${String(r[c])}”`);
    }
  }

  let employees: number | null = null;
  if (!blank(r.employees)) {
    const n = Number(String(r.employees).trim());
    if (!Number.isInteger(n) || n < 0 || n > 10_000_000) err('employees', 'ENTERPRISE.INVALID_EMPLOYEES', `从业人数应为非负整数，实为“${String(r.employees)}”`);
    else employees = n;
  }

  const pct = (c: string, label: string): number | null => {
    if (blank(r[c])) return null;
    const n = Number(String(r[c]).trim());
    if (!Number.isFinite(n) || Math.abs(n) > 100_000) {
      err(c, 'ENTERPRISE.INVALID_NUMBER', `${label}应为数字（百分比），实为“${String(r[c])}”`);
      return null;
    }
    return Math.round(n * 100) / 100;
  };
  const revenueGrowth = pct('revenueGrowth', '营业收入增长率');
  let rdIntensity = pct('rdIntensity', '研发投入强度');
  if (rdIntensity === null && money.rdExpense != null && money.revenue) {
    rdIntensity = Math.round((money.rdExpense / money.revenue) * 10_000) / 100;
  }

  let tags: string[] = [];
  if (Array.isArray(r.tags)) tags = r.tags.map((t) => String(t).trim()).filter(Boolean);
  else if (!blank(r.tags)) tags = String(r.tags).split(/[|;,，、]/).map((t) => t.trim()).filter(Boolean);
  for (const t of tags) if (!/^[a-z][a-z0-9_]{1,47}$/.test(t)) err('tags', 'ENTERPRISE.INVALID_TAG', `标签代码“${t}”不合法`);
  tags = [...new Set(tags)].sort();

  let creditStatus: EnterpriseFacts['creditStatus'] = 'good';
  const creditText = str('creditStatus');
  if (creditText !== null) {
    const c = CREDIT_ALIASES[creditText];
    if (!c) err('creditStatus', 'ENTERPRISE.INVALID_CREDIT_STATUS', `信用状态应为 守信/失信，实为“${creditText}”`);
    else creditStatus = c;
  }

  let isListed: boolean | null = null;
  if (!blank(r.isListed)) {
    const b = typeof r.isListed === 'boolean' ? r.isListed : BOOL_ALIASES[String(r.isListed).trim().toLowerCase()];
    if (b === undefined) err('isListed', 'ENTERPRISE.INVALID_BOOLEAN', `上市企业应为 是/否，实为“${String(r.isListed)}”`);
    else isListed = b;
  }

  const bankAccount = str('bankAccount')?.replace(/\s/g, '') ?? null;
  if (bankAccount !== null && !/^\d{8,32}$/.test(bankAccount)) err('bankAccount', 'ENTERPRISE.INVALID_BANK_ACCOUNT', '银行账号应为 8–32 位数字');
  const contactPhone = str('contactPhone');
  if (contactPhone !== null && !/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/.test(contactPhone)) {
    err('contactPhone', 'ENTERPRISE.INVALID_PHONE', '联系电话应为手机号或座机号');
  }

  const creditSince = dateOf('creditSince', '信用起始日期');
  const creditUntil = dateOf('creditUntil', '信用截止日期');
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      creditCode, name: name!, districtCode, industryCode, scale, establishedOn,
      registeredCapital: money.registeredCapital ?? null, employees, revenue: money.revenue ?? null,
      taxPaid: money.taxPaid ?? null, rdExpense: money.rdExpense ?? null, exports: money.exports ?? null,
      rdIntensity, revenueGrowth, tags, creditStatus, isListed,
      creditSource: str('creditSource'), creditSince, creditUntil,
      bankName: str('bankName'), bankAccount, contactName: str('contactName'), contactPhone,
    },
  };
}

type PatchType = 'yuan' | 'integer' | 'number' | 'boolean' | 'tags' | 'text';
const PATCH_TYPES: Record<string, PatchType> = {
  name: 'text', districtCode: 'text', industryCode: 'text', scale: 'text', establishedOn: 'text', registeredCapital: 'yuan',
  employees: 'integer', revenue: 'yuan', taxPaid: 'yuan', rdExpense: 'yuan', exports: 'yuan', rdIntensity: 'number',
  revenueGrowth: 'number', tags: 'tags', creditStatus: 'text', isListed: 'boolean', creditSource: 'text', creditSince: 'text',
  creditUntil: 'text', bankName: 'text', contactName: 'text', contactPhone: 'text', creditCode: 'text', bankAccount: 'text',
};
const PATCH_WORDING: Record<PatchType, string> = {
  yuan: '以元为单位的数字（JSON 数值）', integer: '整数（JSON 数值）', number: '数值（JSON 数值）', boolean: 'true 或 false',
  tags: '标签代码数组', text: '非空文本',
};

/**
 * A profile patch is typed JSON, unlike an import cell: "100" for revenue, "true" for isListed, an
 * empty string or a field no profile has are refused with a code instead of being coerced or read as
 * "missing". null clears a value. (Imports keep parsing text: a CSV cell is text by nature.)
 */
export function checkPatchTypes(patch: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [rawKey, value] of Object.entries(patch)) {
    const key = COLUMN_ALIASES[rawKey] ?? rawKey;
    const type = Object.prototype.hasOwnProperty.call(PATCH_TYPES, key) ? PATCH_TYPES[key] : undefined;
    if (!type) {
      errors.push({ column: rawKey.slice(0, 60), code: 'ENTERPRISE.UNKNOWN_FIELD', message: `企业档案没有字段“${rawKey.slice(0, 60)}”` });
      continue;
    }
    if (value === null) continue;
    if (value === '') {
      errors.push({ column: key, code: 'FACT.EMPTY', message: `${key} 不能为空字符串；清除该项请填 null` });
      continue;
    }
    const ok =
      type === 'yuan' || type === 'number' ? typeof value === 'number' && Number.isFinite(value) :
      type === 'integer' ? typeof value === 'number' && Number.isSafeInteger(value) :
      type === 'boolean' ? typeof value === 'boolean' :
      type === 'tags' ? Array.isArray(value) && value.every((t) => typeof t === 'string' && t !== '') :
      typeof value === 'string' && value.trim() !== '';
    if (!ok) errors.push({ column: key, code: 'FACT.WRONG_TYPE', message: `${key} 应为${PATCH_WORDING[type]}` });
  }
  return errors;
}
