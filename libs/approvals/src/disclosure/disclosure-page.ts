import type { DisclosureEntry, DisclosureRoundView } from './disclosure.service';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem .6rem;text-align:left}th{background:#f3f3f3}
td.num{text-align:right}.note{color:#555;font-size:.9rem}</style></head><body>${body}</body></html>`;

/** The public 公示 index: every round now open, as an HTML page for people (the same data as the JSON API). */
export function renderDisclosureIndex(rounds: DisclosureRoundView[]): string {
  const rows = rounds
    .map((r) => `<tr><td><a href="/api/v1/disclosures/${encodeURIComponent(r.id)}/page">${escapeHtml(r.itemName)}</a></td><td class="num">${r.entries}</td><td>${escapeHtml(r.endsAt.slice(0, 10))}</td></tr>`)
    .join('');
  return page(
    '惠企政策兑现公示',
    `<h1>惠企政策兑现公示</h1><p class="note">以下为公示期内的兑现名单。对名单有异议的，可在公示期内提出。</p>
<table><thead><tr><th>兑现事项</th><th>企业数</th><th>公示截止</th></tr></thead><tbody>${rows || '<tr><td colspan="3">当前没有公示中的名单</td></tr>'}</tbody></table>`,
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
