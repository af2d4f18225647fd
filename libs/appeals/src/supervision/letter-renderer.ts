import { escapeHtml } from '@app/core';
import { LETTER_KIND_LABELS, LetterKind } from '../appeal/appeal.types';

/** A printable A4 page (print from the browser; the console can offer "print to PDF"). */
export function printablePage(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>@page{size:A4;margin:2.5cm 2.2cm}body{font-family:"FangSong","STFangsong","Noto Serif CJK SC",serif;font-size:16pt;line-height:1.8;color:#000;max-width:17cm;margin:1rem auto}
h1{font-family:"SimHei","Noto Sans CJK SC",sans-serif;font-size:22pt;text-align:center;color:#c00;border-bottom:2px solid #c00;padding-bottom:.4rem;margin:0 0 .6rem}
.no{text-align:center;margin-bottom:1rem}table{border-collapse:collapse;width:100%;font-size:13pt}th,td{border:1px solid #000;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{width:7em;font-weight:normal;background:#f4f4f4}.sign{text-align:right;margin-top:2rem}.note{font-size:11pt;color:#333}
@media print{.noprint{display:none}}</style></head><body>${body}</body></html>`;
}

export interface LetterContent {
  kind: LetterKind;
  number: string;
  issuer: string;
  issuedOn: string;
  recipient: string;
  appealNumber: string;
  enterpriseName: string;
  categoryLabel: string;
  title: string;
  description: string;
  receivedOn: string;
  leadDepartment: string | null;
  coDepartments: string[];
  deadlines: Array<[string, string | null]>;
  requirements: string;
  reason: string | null;
  state: string;
}

const intro: Record<LetterKind, (c: LetterContent) => string> = {
  assignment: (c) => `现将企业反映的下列诉求交由你单位牵头办理${c.coDepartments.length ? `，${escapeHtml(c.coDepartments.join('、'))}协办` : ''}。请按首问负责制要求，在规定时限内签收、报送办理进展并答复企业，办理结果以企业满意为标准，实行销号管理。`,
  reminder: (c) => `你单位牵头办理的下列诉求${c.reason ? `存在以下情况：${escapeHtml(c.reason)}` : '需进一步加强办理'}。请高度重视，认真核实，提高办理质量，并及时向企业反馈。`,
  supervision: (c) => `你单位牵头办理的下列诉求已超过办理时限${c.reason ? `（${escapeHtml(c.reason)}）` : ''}，现予督办。请立即组织办理，于收函后 3 个工作日内书面报告办理情况，逾期将予以通报。`,
};

/** 交办函 / 提示函 / 督办函: number, firm, problem, lead and co units, deadlines and requirements. */
export function renderLetter(c: LetterContent): string {
  const label = LETTER_KIND_LABELS[c.kind];
  const row = (k: string, v: string) => `<tr><th>${escapeHtml(k)}</th><td>${v}</td></tr>`;
  const deadlines = c.deadlines.filter(([, d]) => d).map(([k, d]) => `${escapeHtml(k)}：${escapeHtml(d!)}`).join('<br>');
  return printablePage(
    `${label} ${c.number}`,
    `<h1>企业诉求${escapeHtml(label)}</h1><div class="no">${escapeHtml(c.number)}</div>
<p>${escapeHtml(c.recipient)}：</p><p>${intro[c.kind](c)}</p>
<table>
${row('诉求编号', escapeHtml(c.appealNumber))}
${row('企业名称', escapeHtml(c.enterpriseName))}
${row('诉求类别', escapeHtml(c.categoryLabel))}
${row('反映时间', escapeHtml(c.receivedOn))}
${row('问题', `<strong>${escapeHtml(c.title)}</strong><br>${escapeHtml(c.description).replace(/\n/g, '<br>')}`)}
${row('牵头单位', escapeHtml(c.leadDepartment ?? '（待定）'))}
${row('协办单位', escapeHtml(c.coDepartments.join('、') || '无'))}
${row('当前状态', escapeHtml(c.state))}
${row('办理时限', deadlines || '—')}
${row('办理要求', escapeHtml(c.requirements).replace(/\n/g, '<br>'))}
</table>
<p class="sign">${escapeHtml(c.issuer)}<br>${escapeHtml(c.issuedOn)}</p>
<p class="note">时限按工作日计算（节假日顺延）。本函由亲清政企服务平台生成，办理情况请在平台登记，企业可凭诉求编号查询进度。</p>`,
  );
}
