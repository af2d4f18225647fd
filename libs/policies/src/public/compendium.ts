import ExcelJS from 'exceljs';
import { escapeHtml } from '@app/core';
import type { PublicPolicyDto } from './dto/public-policy.dto';

/** A 政策汇编: the published policies of a department or a theme, as one printable document. */
export interface Compendium {
  title: string;
  /** What was asked: the department's name and/or the theme, in words. */
  scope: string;
  generatedOn: string;
  policies: PublicPolicyDto[];
}

export const COMPENDIUM_FORMATS = ['html', 'xlsx'] as const;
export type CompendiumFormat = (typeof COMPENDIUM_FORMATS)[number];

const dates = (from: string | null, to: string | null): string => (from || to ? `${from ?? '—'} 至 ${to ?? '长期'}` : '—');
const conditionText = (lines: PublicPolicyDto['items'][number]['conditions']): string[] => lines.map((l) => `${'　'.repeat(l.depth)}${l.text}`);

/** Printable HTML (A4, one policy per page break): 原文, 解读与问答, and each item's conditions, 支持标准, mode and dates. */
export function renderCompendiumHtml(c: Compendium): string {
  const e = escapeHtml;
  const toc = c.policies.map((p, i) => `<li><a href="#p${i + 1}">${e(p.title)}</a>${p.docNumber ? `（${e(p.docNumber)}）` : ''}</li>`).join('');
  const body = c.policies
    .map((p, i) => {
      const items = p.items
        .map((it) => `<section class="item"><h3>${e(it.name)}（${e(it.modeLabel)}）</h3>
<table><tbody>
<tr><th>申报条件</th><td>${conditionText(it.conditions).map(e).join('<br>')}</td></tr>
<tr><th>支持标准</th><td>${e(it.formulaText)}</td></tr>
<tr><th>申报时间</th><td>${e(dates(it.applyFrom, it.applyTo))}</td></tr>
<tr><th>有效期</th><td>${e(dates(it.effectiveFrom, it.effectiveTo))}</td></tr>
${it.materials.length ? `<tr><th>申报材料</th><td>${it.materials.map(e).join('；')}</td></tr>` : ''}
${it.clause ? `<tr><th>政策条款</th><td>${e(it.clause)}</td></tr>` : ''}
${it.contact ? `<tr><th>咨询电话</th><td>${e(it.contact)}</td></tr>` : ''}
</tbody></table></section>`)
        .join('');
      const faq = p.faq.length ? `<h3>常见问题</h3><dl>${p.faq.map((f) => `<dt>问：${e(f.question)}</dt><dd>答：${e(f.answer)}</dd>`).join('')}</dl>` : '';
      return `<article id="p${i + 1}"><h2>${i + 1}. ${e(p.title)}</h2>
<p class="meta">${p.docNumber ? `${e(p.docNumber)} · ` : ''}${e(p.departmentName)} · ${e(p.levelLabel)}级 · ${e(p.categoryLabel)} · 有效期 ${e(dates(p.effectiveFrom, p.effectiveTo))}${p.isDemo ? ' · 演示数据' : ''}</p>
${p.interpretation ? `<h3>政策解读</h3><p>${e(p.interpretation)}</p>` : ''}${faq}
${items}
<h3>政策原文</h3><div class="text">${e(p.fullText)}</div></article>`;
    })
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(c.title)}</title>
<style>body{font-family:"Songti SC","SimSun",serif;max-width:900px;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.6}
h1{text-align:center}table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{width:7rem;background:#f3f3f3}.meta{color:#444}.text{white-space:pre-wrap}dt{font-weight:bold}
@page{size:A4;margin:2cm}@media print{article{page-break-before:always}nav{page-break-after:always}a{color:inherit;text-decoration:none}}</style></head>
<body><h1>${e(c.title)}</h1><p class="meta" style="text-align:center">${e(c.scope)} · 共 ${c.policies.length} 项政策 · 编印日期 ${e(c.generatedOn)}</p>
${c.policies.length ? `<nav><h2>目录</h2><ol>${toc}</ol></nav>${body}` : '<p>没有符合条件的已发布政策。</p>'}
</body></html>`;
}

/** XLSX: one row per published item (政策 columns repeated), and a sheet of the policies with 解读. */
export async function renderCompendiumXlsx(c: Compendium): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const items = wb.addWorksheet('兑现事项');
  items.columns = [
    { header: '政策名称', key: 'policy', width: 36 }, { header: '文号', key: 'doc', width: 20 }, { header: '主管部门', key: 'dept', width: 14 },
    { header: '类别', key: 'category', width: 8 }, { header: '事项', key: 'item', width: 28 }, { header: '兑现方式', key: 'mode', width: 10 },
    { header: '申报条件', key: 'conditions', width: 50 }, { header: '支持标准', key: 'formula', width: 40 }, { header: '申报时间', key: 'apply', width: 24 },
    { header: '有效期', key: 'effective', width: 24 }, { header: '申报材料', key: 'materials', width: 30 }, { header: '咨询电话', key: 'contact', width: 24 },
  ];
  for (const p of c.policies) {
    for (const it of p.items) {
      items.addRow({
        policy: p.title, doc: p.docNumber ?? '', dept: p.departmentName, category: p.categoryLabel, item: it.name, mode: it.modeLabel,
        conditions: conditionText(it.conditions).join('\n'), formula: it.formulaText, apply: dates(it.applyFrom, it.applyTo),
        effective: dates(it.effectiveFrom, it.effectiveTo), materials: it.materials.join('；'), contact: it.contact ?? '',
      });
    }
  }
  const policies = wb.addWorksheet('政策');
  policies.columns = [
    { header: '政策名称', key: 'title', width: 36 }, { header: '文号', key: 'doc', width: 20 }, { header: '主管部门', key: 'dept', width: 14 },
    { header: '层级', key: 'level', width: 8 }, { header: '类别', key: 'category', width: 8 }, { header: '有效期', key: 'effective', width: 24 },
    { header: '事项数', key: 'items', width: 8 }, { header: '政策解读', key: 'interpretation', width: 60 }, { header: '来源', key: 'source', width: 30 },
  ];
  for (const p of c.policies) {
    policies.addRow({
      title: p.title, doc: p.docNumber ?? '', dept: p.departmentName, level: p.levelLabel, category: p.categoryLabel,
      effective: dates(p.effectiveFrom, p.effectiveTo), items: p.items.length, interpretation: p.interpretation ?? '', source: p.sourceUrl ?? '',
    });
  }
  for (const ws of [items, policies]) {
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  items.getColumn('conditions').alignment = { wrapText: true, vertical: 'top' };
  policies.getColumn('interpretation').alignment = { wrapText: true, vertical: 'top' };
  wb.title = c.title;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
