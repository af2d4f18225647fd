import { escapeHtml } from '@app/core';
import { page, pager } from '../disclosure/disclosure-page';
import type { PublicResult, PublicStatistics } from './published-results.service';

export interface ResultsPageQuery {
  itemId?: string;
  department?: string;
  from?: string;
  to?: string;
  q?: string;
}

/** The query string of the filters (for the pager). */
export function filterQuery(q: ResultsPageQuery): string {
  return Object.entries(q).filter(([, v]) => v).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
}

const NAV = `<nav><a href="/api/v1/public/results/page">兑现结果公开</a><a href="/api/v1/public/statistics/page">兑现统计</a><a href="/api/v1/disclosures/page">公示中</a><a href="/api/v1/disclosures/history/page">往期公示</a></nav>`;

/** 结果公开: paid benefits — firm, item, department, amount, date; nothing else. */
export function renderResultsPage(
  results: { items: PublicResult[]; total: number; page: number; pageSize: number; amountText: string },
  q: ResultsPageQuery,
  departments: Array<{ code: string; name: string }>,
): string {
  const rows = results.items
    .map((r) => `<tr><td>${escapeHtml(r.paidOn)}</td><td>${escapeHtml(r.enterpriseName)}</td><td><a href="/api/v1/public/results/page?itemId=${encodeURIComponent(r.itemId)}">${escapeHtml(r.itemName)}</a></td>
<td>${escapeHtml(r.departmentName)}</td><td>${escapeHtml(r.modeLabel)}</td><td class="num">${escapeHtml(r.amountText)}</td></tr>`)
    .join('');
  const options = departments.map((d) => `<option value="${escapeHtml(d.code)}"${d.code === q.department ? ' selected' : ''}>${escapeHtml(d.name)}</option>`).join('');
  const value = (v?: string) => escapeHtml(v ?? '');
  return page('惠企政策兑现结果公开', `<h1>惠企政策兑现结果公开</h1>${NAV}
<form method="get" action="/api/v1/public/results/page">
<label>企业或事项 <input name="q" value="${value(q.q)}"></label>
<label>主管部门 <select name="department"><option value="">全部</option>${options}</select></label>
<label>自 <input name="from" placeholder="YYYY-MM 或 YYYY-MM-DD" value="${value(q.from)}"></label>
<label>至 <input name="to" placeholder="YYYY-MM 或 YYYY-MM-DD" value="${value(q.to)}"></label>
${q.itemId ? `<input type="hidden" name="itemId" value="${value(q.itemId)}">` : ''}<button type="submit">查询</button></form>
<p class="note">合计 ${results.total} 笔，${escapeHtml(results.amountText)}。资金到账后公开，长期保留。</p>
<table><thead><tr><th>到账日期</th><th>企业名称</th><th>兑现事项</th><th>主管部门</th><th>兑现方式</th><th>金额</th></tr></thead><tbody>${rows || '<tr><td colspan="6">没有符合条件的兑现结果</td></tr>'}</tbody></table>
${pager(results, '/api/v1/public/results/page', filterQuery(q))}`);
}

/** 兑现统计: items, firms served, payments and money by month and department, visits, days to money. */
export function renderStatisticsPage(s: PublicStatistics): string {
  const months = s.byMonth.map((m) => `<tr><td>${escapeHtml(m.month)}</td><td class="num">${m.visits}</td><td class="num">${m.payments}</td><td class="num">${m.firms}</td><td class="num">${escapeHtml(m.amountText)}</td></tr>`).join('');
  const depts = s.byDepartment.map((d) => `<tr><td>${escapeHtml(d.departmentName)}</td><td class="num">${d.items}</td><td class="num">${d.payments}</td><td class="num">${d.firms}</td>
<td class="num">${escapeHtml(d.amountText)}</td><td class="num">${d.averageDaysToMoney ?? '—'}</td></tr>`).join('');
  const period = s.from || s.to ? `（${s.from ?? '…'} 至 ${s.to ?? '…'}）` : '';
  return page('惠企政策兑现统计', `<h1>惠企政策兑现统计${escapeHtml(period)}</h1>${NAV}
<p>累计访问 <b>${s.visits}</b> 人次，兑现事项 <b>${s.items}</b> 个，惠及企业 <b>${s.firms}</b> 家，直接兑付 <b>${s.payments}</b> 笔，合计 <b>${escapeHtml(s.amountText)}</b>；
从政策发布（免申即享）或企业申请到资金到账平均 <b>${s.averageDaysToMoney ?? '—'}</b> 天。</p>
<h2>按月</h2><table><thead><tr><th>月份</th><th>访问</th><th>笔数</th><th>企业数</th><th>金额</th></tr></thead><tbody>${months || '<tr><td colspan="5">暂无数据</td></tr>'}</tbody></table>
<h2>按部门</h2><table><thead><tr><th>主管部门</th><th>事项</th><th>笔数</th><th>企业数</th><th>金额</th><th>平均到账天数</th></tr></thead><tbody>${depts || '<tr><td colspan="6">暂无数据</td></tr>'}</tbody></table>`);
}
