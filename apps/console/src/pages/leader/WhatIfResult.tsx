import { Alert, Card, Col, Row, Space, Statistic, Table, Tag } from 'antd';
import { memo } from 'react';
import { formatFen } from '../../lib/money';
import { namesOf, usePublicCatalogue } from '../public/usePublicData';
import { DistributionCharts } from './DistributionCharts';
import type { FirmSample, WhatIfAnswer } from '../../api/types';

const signed = (n: number, text: string) => (n > 0 ? `+${text}` : text);

// memo: a slider move re-renders the page, and these tables only change with the next answer
const FirmList = memo(function FirmList({ title, count, totalFen, firms, color }: { title: string; count: number; totalFen: number; firms: FirmSample[]; color: string }) {
  const districts = namesOf(usePublicCatalogue().data?.districts);
  return (
    <Card
      size="small"
      title={
        <Space>
          <span style={{ color }}>{`${title} ${count} 家`}</span>
          <span className="muted">{formatFen(totalFen)}</span>
        </Space>
      }
    >
      <Table<FirmSample>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ y: 240 }}
        dataSource={firms}
        locale={{ emptyText: '无' }}
        columns={[
          { title: '企业', dataIndex: 'name', render: (v: string | null) => v ?? '（未具名）' },
          { title: '区县', dataIndex: 'districtCode', render: (v: string | null) => (v ? (districts.get(v) ?? v) : '—') },
          { title: '金额', dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
        ]}
      />
      {count > firms.length ? <p className="muted" style={{ margin: '8px 0 0' }}>仅列出前 {firms.length} 家，导出 CSV 可得完整清单。</p> : null}
    </Card>
  );
});

/** Count, cost, budget cap, gained/lost firms and the distributions of one what-if answer. */
export function WhatIfResult({ answer, pending }: { answer: WhatIfAnswer; pending: boolean }) {
  const { scenario, baseline, diff, budget } = answer;
  return (
    // While the next answer is on its way the previous one stays as it is (no fade: repainting the
    // charts and tables on every slider move cost the leader more than the answer itself); a tag says so.
    <div aria-busy={pending}>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={6}>
          <Card size="small">
            <Statistic
              title={
                <Space size={4}>
                  <span>符合条件企业</span>
                  {pending ? <Tag color="processing">测算中…</Tag> : null}
                </Space>
              }
              value={scenario.eligible}
              suffix="家"
            />
            <div aria-label="企业数变化" className={diff.deltaEligible >= 0 ? 'delta-up' : 'delta-down'}>
              较现行 {signed(diff.deltaEligible, `${diff.deltaEligible} 家`)}（现行 {baseline.eligible} 家）
            </div>
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="资金需求" value={formatFen(scenario.totalFen)} />
            <div aria-label="资金变化" className={diff.deltaFen >= 0 ? 'delta-up' : 'delta-down'}>
              较现行 {signed(diff.deltaFen, formatFen(diff.deltaFen))}
            </div>
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="户均" value={formatFen(scenario.averageFen)} />
            <div className="muted">现行户均 {formatFen(baseline.averageFen)}</div>
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title="预算上限" value={budget ? formatFen(budget.capFen) : '不设上限'} />
            <div className="muted">{budget ? `可足额兑现 ${budget.funded} 家，资金不足 ${budget.unfunded} 家` : '按全部符合企业测算'}</div>
          </Card>
        </Col>
      </Row>
      {budget?.exhaustedAt ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`预算在第 ${budget.exhaustedAt.rank} 家企业（${budget.exhaustedAt.firm.name ?? budget.exhaustedAt.firm.id}）处用尽：此前已兑现 ${formatFen(budget.exhaustedAt.cumulativeFenBefore)}，剩余 ${formatFen(budget.exhaustedAt.remainingFen)}，尚缺 ${formatFen(budget.unfundedFen)}。`}
          description={budget.priorityDescription}
        />
      ) : null}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={12}>
          <FirmList title="新增符合" count={diff.gained.count} totalFen={diff.gained.totalFen} firms={diff.gained.sample} color="#389e0d" />
        </Col>
        <Col span={12}>
          <FirmList title="不再符合" count={diff.lost.count} totalFen={diff.lost.totalFen} firms={diff.lost.sample} color="#cf1322" />
        </Col>
      </Row>
      <DistributionCharts answer={answer} />
      <p className="muted">
        数据快照：{answer.snapshot.rows} 家企业{answer.snapshot.asOf ? `，截至 ${new Date(answer.snapshot.asOf).toLocaleString('zh-CN', { hour12: false })}` : ''}；测算基准日 {answer.asOf}；引擎耗时 {answer.timingMs.toFixed(1)} ms。
      </p>
    </div>
  );
}
