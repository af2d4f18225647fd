import dayjs, { type Dayjs } from 'dayjs';
import type { PolicyFaq, PolicyView } from '../../api/types';

/** The 「编辑政策信息」 form's values (dates as dayjs, the effective window as one range). */
export interface PolicyInfoValues {
  title: string;
  docNumber?: string | null;
  level: string;
  category: string;
  tags?: string[];
  sourceUrl?: string | null;
  publishDate?: Dayjs | null;
  effective?: [Dayjs | null, Dayjs | null] | null;
  fullText?: string | null;
  interpretation?: string | null;
  faq?: Array<{ question?: string; answer?: string } | undefined>;
  reason?: string;
}

/** What PATCH /policies/{id} takes in `changes`: only the fields that differ from the policy as read. */
export interface PolicyInfoChanges {
  title?: string;
  docNumber?: string | null;
  level?: string;
  category?: string;
  tags?: string[];
  sourceUrl?: string | null;
  fullText?: string;
  publishDate?: string | null;
  effectiveFrom?: string;
  effectiveTo?: string | null;
  interpretation?: string | null;
  faq?: PolicyFaq[];
}

const day = (s: string | null | undefined) => (s ? dayjs(s) : null);
const iso = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);
/** Optional text: trimmed, empty means none. */
const text = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

/** The form's starting values: the policy as read. */
export function policyInfoValues(p: PolicyView): PolicyInfoValues {
  return {
    title: p.title,
    docNumber: p.docNumber ?? '',
    level: p.level,
    category: p.category,
    tags: p.tags ?? [],
    sourceUrl: p.sourceUrl ?? '',
    publishDate: day(p.publishDate),
    effective: [day(p.effectiveFrom), day(p.effectiveTo)],
    fullText: p.fullText ?? '',
    interpretation: p.interpretation ?? '',
    faq: (p.faq ?? []).map((f) => ({ question: f.question, answer: f.answer })),
    reason: '',
  };
}

/**
 * The partial edit: each field as the API stores it (text trimmed, empty optional text as null,
 * dates as YYYY-MM-DD, tags de-duplicated, FAQ rows left blank dropped), included only when it
 * differs from the policy as read — an untouched field is never sent, so it cannot overwrite
 * someone else's change and is not audited as changed.
 */
export function buildPolicyPatch(p: PolicyView, v: PolicyInfoValues): PolicyInfoChanges {
  const next: Required<PolicyInfoChanges> = {
    title: v.title?.trim() ?? '',
    docNumber: text(v.docNumber),
    level: v.level,
    category: v.category,
    tags: [...new Set((v.tags ?? []).map((t) => t.trim()).filter(Boolean))],
    sourceUrl: text(v.sourceUrl),
    fullText: v.fullText?.trim() ?? '',
    publishDate: iso(v.publishDate),
    effectiveFrom: iso(v.effective?.[0]) ?? '',
    effectiveTo: iso(v.effective?.[1]),
    interpretation: text(v.interpretation),
    faq: (v.faq ?? [])
      .map((f) => ({ question: f?.question?.trim() ?? '', answer: f?.answer?.trim() ?? '' }))
      .filter((f) => f.question || f.answer),
  };
  const current: Required<PolicyInfoChanges> = {
    title: p.title, docNumber: p.docNumber ?? null, level: p.level, category: p.category, tags: p.tags ?? [], sourceUrl: p.sourceUrl ?? null,
    fullText: p.fullText ?? '', publishDate: p.publishDate ?? null, effectiveFrom: p.effectiveFrom, effectiveTo: p.effectiveTo ?? null,
    interpretation: p.interpretation ?? null, faq: (p.faq ?? []).map((f) => ({ question: f.question, answer: f.answer })),
  };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(next) as Array<keyof PolicyInfoChanges>) {
    if (key === 'fullText' && next.fullText === current.fullText.trim()) continue; // whitespace around the text is no edit
    if (JSON.stringify(next[key]) !== JSON.stringify(current[key])) out[key] = next[key];
  }
  return out as PolicyInfoChanges;
}

/** Form fields by the API's pointers (`/changes/effectiveTo`, `/changes/faq/2`): where to show each problem. */
const FIELD_OF: Record<string, keyof PolicyInfoValues> = { effectiveFrom: 'effective', effectiveTo: 'effective' };

/** The API's field problems (details.errors) as antd form field errors. */
export function fieldErrors(details: unknown): Array<{ name: keyof PolicyInfoValues; errors: string[] }> {
  const errors = (details as { errors?: unknown } | null | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  const byField = new Map<keyof PolicyInfoValues, string[]>();
  for (const e of errors as Array<{ pointer?: unknown; message?: unknown }>) {
    const m = typeof e?.pointer === 'string' ? /^\/changes\/([A-Za-z]+)/.exec(e.pointer) : null;
    if (!m || typeof e.message !== 'string') continue;
    const name = FIELD_OF[m[1]] ?? (m[1] as keyof PolicyInfoValues);
    byField.set(name, [...(byField.get(name) ?? []), e.message]);
  }
  return [...byField].map(([name, errs]) => ({ name, errors: errs }));
}
