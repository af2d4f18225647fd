import { DataSource } from 'typeorm';
import { fenToYuanText } from '@app/core';
import type { DataSourceSyncService } from '../data-sources/data-source-sync.service';
import type { SimulatedSources } from '../data-sources/sim/simulated-sources';

/**
 * Demo 数据共享: the simulated 人社 and 税务 sources report what the demo firms' profiles already hold
 * (headcount; revenue and tax), and one pull records them as the source of those facts — so the
 * profiles and explanations show 数据来源 with record ids, and a firm can raise 数据异议 on them
 * (人社 → rsj_editor resolves). Only with the in-process simulator; idempotent (a firm already
 * sourced is left out).
 */
export async function seedDemoDataSources(dataSource: DataSource, sim: SimulatedSources, sync: DataSourceSyncService, limit = 5000): Promise<number> {
  const firms: Array<{ credit_code: string; employees: number | null; revenue: string | null; tax_paid: string | null }> = await dataSource.query(
    `SELECT credit_code, employees, revenue, tax_paid FROM enterprise.enterprises WHERE NOT (fact_sources ? 'employees') ORDER BY seq LIMIT $1`, [limit]);
  if (firms.length === 0) return 0;
  const yuan = (fen: string | null) => (fen === null ? undefined : fenToYuanText(Number(fen)));
  sim.publish('social', firms.filter((f) => f.employees !== null).map((f) => ({ creditCode: f.credit_code, fields: { cbrs: f.employees } })));
  sim.publish('tax', firms.filter((f) => f.revenue !== null && f.tax_paid !== null).map((f) => ({ creditCode: f.credit_code, fields: { yysr: yuan(f.revenue), nse: yuan(f.tax_paid) } })));
  for (const s of ['social', 'tax']) await sync.sync(s);
  return firms.length;
}
