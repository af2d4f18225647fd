import { Col, Row } from 'antd';
import { memo, useRef } from 'react';
import type { EChartsOption } from 'echarts';
import { markDrawn } from '../../lib/sandbox-perf';
import { Chart } from './Chart';
import type { GroupRow, WhatIfAnswer } from '../../api/types';

/** The dimensions a distribution may have (district, industry, scale, tag). */
type GroupKey = keyof WhatIfAnswer['scenario']['distribution'];

const DIMENSIONS: Array<{ key: GroupKey; title: string }> = [
  { key: 'district', title: '按区县' },
  { key: 'industry', title: '按行业' },
  { key: 'scale', title: '按规模' },
];

function option(scenario: GroupRow[] = [], baseline: GroupRow[] = []): EChartsOption {
  const labels = [...new Set([...baseline, ...scenario].map((r) => r.label))];
  const count = (rows: GroupRow[]) => new Map(rows.map((r) => [r.label, r.count]));
  const s = count(scenario);
  const b = count(baseline);
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { data: ['调整后', '现行'] },
    grid: { left: 40, right: 12, top: 32, bottom: 72 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: 40, interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', name: '企业' },
    series: [
      { type: 'bar', name: '调整后', data: labels.map((l) => s.get(l) ?? 0), itemStyle: { color: '#c62f2f' } },
      { type: 'bar', name: '现行', data: labels.map((l) => b.get(l) ?? 0), itemStyle: { color: '#bfbfbf' } },
    ],
  };
}

/** The scenario's eligible firms by district, industry and scale, against the current rule. Ends the slider → charts measure. */
// memo: only a new answer redraws the charts (a slider move re-renders the page before the answer comes)
export const DistributionCharts = memo(function DistributionCharts({ answer }: { answer: WhatIfAnswer }) {
  // a chart reports `finished` after drawing; once all three have drawn this answer, the measure ends
  const drawn = useRef({ answer, charts: new Set<GroupKey>() });
  if (drawn.current.answer !== answer) drawn.current = { answer, charts: new Set() };
  const finished = (key: GroupKey) => () => {
    drawn.current.charts.add(key);
    if (drawn.current.charts.size === DIMENSIONS.length) markDrawn();
  };
  return (
    <Row gutter={16}>
      {DIMENSIONS.map((d) => (
        <Col span={8} key={d.key}>
          <h3 className="chart-title">{d.title}</h3>
          <Chart label={`符合企业分布${d.title}`} height={260} option={option(answer.scenario.distribution[d.key], answer.baseline.distribution[d.key])} onFinished={finished(d.key)} />
        </Col>
      ))}
    </Row>
  );
});
