import type { CalculatorResult } from '../api/types';

/**
 * The calculator's result as a printable, self-contained HTML page (download, or print to PDF from
 * the browser): what was entered, the items the firm would qualify for with estimates, and the
 * near misses with what is lacking. Every value is escaped.
 */
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function calculatorReportHtml(input: Array<[string, string]>, result: CalculatorResult, generatedAt: Date, origin = ''): string {
  const rows = (lines: CalculatorResult['eligible'], near: boolean) =>
    lines
      .map(
        (l, i) => `<tr><td class="num">${i + 1}</td><td><a href="${escapeHtml(`${origin}/items/${encodeURIComponent(l.itemId)}`)}">${escapeHtml(l.itemName)}</a></td>` +
          `<td>${escapeHtml(l.mode)}</td><td class="num">${escapeHtml(l.estimateText)}</td>` +
          `${near ? `<td>${escapeHtml(l.lacking ?? '')}</td>` : ''}` +
          `<td><ul>${l.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul></td></tr>`,
      )
      .join('');
  const when = `${generatedAt.getFullYear()}-${String(generatedAt.getMonth() + 1).padStart(2, '0')}-${String(generatedAt.getDate()).padStart(2, '0')}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>惠企政策测算报告</title>
<style>
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f1f1f}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.5rem}table{border-collapse:collapse;width:100%;margin-top:.5rem}
th,td{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}th{background:#f3f5f8}td.num{text-align:right;white-space:nowrap}
ul{margin:0;padding-left:1.1rem}.total{font-size:1.1rem;font-weight:600}.note{color:#555;font-size:.85rem}
@media print{a{color:inherit;text-decoration:none}body{margin:0}}
</style></head><body>
<h1>惠企政策测算报告</h1>
<p class="note">生成日期：${escapeHtml(when)}；按 ${escapeHtml(result.asOf)} 有效的已发布政策测算。本报告根据所填信息估算，仅供参考，实际以主管部门审核结果为准。</p>
<h2>填写的企业信息</h2>
<table><tbody>${input.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('') || '<tr><td>未填写</td></tr>'}</tbody></table>
<h2>可享受的政策事项（${result.eligible.length} 项）</h2>
<p class="total">预计可享受合计：${escapeHtml(result.totalEstimateText)}</p>
${result.eligible.length ? `<table><thead><tr><th>序号</th><th>兑现事项</th><th>兑现方式</th><th>预计金额</th><th>条件判断</th></tr></thead><tbody>${rows(result.eligible, false)}</tbody></table>` : '<p>暂无完全符合条件的事项。</p>'}
<h2>差一点符合的事项（${result.nearMisses.length} 项）</h2>
${result.nearMisses.length ? `<table><thead><tr><th>序号</th><th>兑现事项</th><th>兑现方式</th><th>预计金额</th><th>还差</th><th>条件判断</th></tr></thead><tbody>${rows(result.nearMisses, true)}</tbody></table>` : '<p>没有差一点符合的事项。</p>'}
<p class="note">亲清在线 · 惠企政策兑现平台</p>
</body></html>`;
}
