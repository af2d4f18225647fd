import { escapeHtml } from '@app/core';
import type { DisclosureEntry, DisclosureRoundView, EndedRoundDetail, EndedRoundView } from './disclosure.service';

/** A plain public web page (公示, 结果公开): no script, readable without login. */
export const page = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem .6rem;text-align:left}th{background:#f3f3f3}
td.num{text-align:right}.note{color:#555;font-size:.9rem}nav a{margin-right:1rem}form{margin:1rem 0}form label{margin-right:.8rem}</style></head><body>${body}</body></html>`;

/** The public 公示 index: every round now open, as an HTML page for people (the same data as the JSON API). */
export function renderDisclosureIndex(rounds: DisclosureRoundView[]): string {
  const rows = rounds
    .map((r) => `<tr><td><a href="/api/v1/disclosures/${encodeURIComponent(r.id)}/page">${escapeHtml(r.itemName)}</a></td><td class="num">${r.entries}</td><td>${escapeHtml(r.endsAt.slice(0, 10))}</td></tr>`)
    .join('');
  return page(
    '惠企政策兑现公示',
    `<h1>惠企政策兑现公示</h1><p class="note">以下为公示期内的兑现名单。对名单有异议的，可在公示期内提出。</p>
<table><thead><tr><th>兑现事项</th><th>企业数</th><th>公示截止</th></tr></thead><tbody>${rows || '<tr><td colspan="3">当前没有公示中的名单</td></tr>'}</tbody></table>
<p class="note"><a href="/api/v1/disclosures/history/page">往期公示及结果</a> · <a href="/api/v1/public/results/page">兑现结果公开</a> · <a href="/api/v1/public/statistics/page">兑现统计</a></p>`,
  );
}

/** One 公示 list: firm name, item and amount only — never a credit code, account, phone or fact. */
export function renderDisclosureRound(round: DisclosureRoundView & { list: DisclosureEntry[] }): string {
  const rows = round.list
    .map((e, i) => `<tr><td class="num">${i + 1}</td><td>${escapeHtml(e.enterpriseName)}</td><td>${escapeHtml(e.itemName)}</td><td class="num">${escapeHtml(e.amountText)}</td><td>${escapeHtml(e.status)}</td></tr>`)
    .join('');
  return page(
    `${round.itemName} 兑现公示`,
    `<h1>${escapeHtml(round.itemName)} 兑现公示</h1>
<p class="note">公示期：${escapeHtml(round.openedAt.slice(0, 10))} 至 ${escapeHtml(round.endsAt.slice(0, 10))}（${round.workingDays} 个工作日）。
如有异议，请于公示期内提出：登录后提交，或先验证手机号（POST /api/v1/disclosures/${escapeHtml(round.id)}/objections/contact-code，短信验证码），
再通过 POST /api/v1/disclosures/${escapeHtml(round.id)}/objections 提交（需留联系人、异议类型与理由）。被公示企业只能看到异议类型，看不到异议内容和异议人。</p>
<table><thead><tr><th>序号</th><th>企业名称</th><th>兑现事项</th><th>金额</th><th>状态</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}

const OUTCOME_TEXT = (o: EndedRoundView['outcome']) =>
  `已兑付 ${o.paid}，待拨付 ${o.confirmed}，待确认 ${o.waiting}，逾期或放弃 ${o.lapsed}，不予兑现 ${o.rejected}；异议 ${o.objections} 件（成立 ${o.upheld}，不成立 ${o.dismissed}，核查中 ${o.openObjections}）`;

/** 往期公示: ended rounds with what became of them. */
export function renderDisclosureHistory(rounds: { items: EndedRoundView[]; total: number; page: number; pageSize: number }, query: string): string {
  const rows = rounds.items
    .map((r) => `<tr><td><a href="/api/v1/disclosures/history/${encodeURIComponent(r.id)}/page">${escapeHtml(r.itemName)}</a></td><td>${escapeHtml(r.openedAt.slice(0, 10))} 至 ${escapeHtml(r.endsAt.slice(0, 10))}</td>
<td class="num">${r.entries}</td><td>${escapeHtml(OUTCOME_TEXT(r.outcome))}</td></tr>`)
    .join('');
  return page('往期公示及结果', `<h1>往期公示及结果</h1><nav><a href="/api/v1/disclosures/page">公示中</a><a href="/api/v1/public/results/page">兑现结果公开</a></nav>
<table><thead><tr><th>兑现事项</th><th>公示期</th><th>企业数</th><th>结果</th></tr></thead><tbody>${rows || '<tr><td colspan="4">没有往期公示</td></tr>'}</tbody></table>
${pager(rounds, '/api/v1/disclosures/history/page', query)}`);
}

/** One ended round: the listed firms with their result, and the objections with how they were resolved (no contact data). */
export function renderEndedRound(r: EndedRoundDetail): string {
  const rows = r.list.map((e, i) => `<tr><td class="num">${i + 1}</td><td>${escapeHtml(e.enterpriseName)}</td><td>${escapeHtml(e.itemName)}</td><td class="num">${escapeHtml(e.amountText)}</td><td>${escapeHtml(e.result)}</td></tr>`).join('');
  const objections = r.objections.map((o) => `<tr><td>${escapeHtml(o.enterpriseName)}</td><td>${escapeHtml(o.raisedAt.slice(0, 10))}</td><td>${escapeHtml(o.statusLabel)}</td><td>${escapeHtml(o.resolution ?? '')}</td></tr>`).join('');
  return page(`${r.itemName} 公示结果`, `<h1>${escapeHtml(r.itemName)} 公示结果</h1>
<p class="note">公示期：${escapeHtml(r.openedAt.slice(0, 10))} 至 ${escapeHtml(r.endsAt.slice(0, 10))}（${r.workingDays} 个工作日），已结束。${escapeHtml(OUTCOME_TEXT(r.outcome))}。</p>
<table><thead><tr><th>序号</th><th>企业名称</th><th>兑现事项</th><th>金额</th><th>结果</th></tr></thead><tbody>${rows}</tbody></table>
<h2>异议及处理</h2><table><thead><tr><th>涉及企业</th><th>提出日期</th><th>处理结论</th><th>处理意见</th></tr></thead><tbody>${objections || '<tr><td colspan="4">公示期内未收到异议</td></tr>'}</tbody></table>`);
}

/** Previous / next links keeping the other query parameters. */
export function pager(p: { total: number; page: number; pageSize: number }, path: string, query: string): string {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const link = (n: number, text: string) => `<a href="${path}?${escapeHtml(query ? `${query}&` : '')}page=${n}&amp;pageSize=${p.pageSize}">${text}</a>`;
  return `<p class="note">共 ${p.total} 条，第 ${p.page} / ${pages} 页 ${p.page > 1 ? link(p.page - 1, '上一页') : ''} ${p.page < pages ? link(p.page + 1, '下一页') : ''}</p>`;
}
