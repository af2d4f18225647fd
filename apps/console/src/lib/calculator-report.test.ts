import { describe, expect, it } from 'vitest';
import { calculatorReportHtml } from './calculator-report';

const result = {
  asOf: '2026-06-30',
  eligible: [{ itemId: 'i1', itemName: '研发费用后补助', mode: '申请制', estimateFen: 50_000_000, estimateText: '50万元', lacking: null, reasons: ['研发费用 500万元，要求不低于 100万元 — 满足'] }],
  nearMisses: [{ itemId: 'i2', itemName: '<b>规上</b>企业奖励', mode: '免申即享', estimateFen: 0, estimateText: '0元', lacking: '营业收入还差 200万元', reasons: [] }],
  totalEstimateFen: 50_000_000,
  totalEstimateText: '50万元',
};

describe('calculator report (printable HTML)', () => {
  it('lists the input, eligible items with the total, and near misses with what is lacking', () => {
    const html = calculatorReportHtml([['营业收入', '3,000万元']], result, new Date(2026, 5, 30), 'https://portal.example');
    expect(html).toContain('<th>营业收入</th><td>3,000万元</td>');
    expect(html).toContain('预计可享受合计：50万元');
    expect(html).toContain('<a href="https://portal.example/items/i1">研发费用后补助</a>');
    expect(html).toContain('<td>营业收入还差 200万元</td>');
    expect(html).toContain('生成日期：2026-06-30');
  });

  it('escapes every value (an item name cannot inject markup)', () => {
    const html = calculatorReportHtml([], result, new Date(2026, 0, 1));
    expect(html).toContain('&lt;b&gt;规上&lt;/b&gt;企业奖励');
    expect(html).not.toContain('<b>规上');
  });
});
