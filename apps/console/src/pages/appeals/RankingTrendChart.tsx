import ReactECharts from 'echarts-for-react';
import type { TrendPoint } from './shared/types';

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** 12-month trend of the four rates (%) and the number assigned (bars). */
export default function TrendChart({ points }: { points: TrendPoint[] }) {
  const series = (name: string, pick: (p: TrendPoint) => number | null) => ({ name, type: 'line' as const, connectNulls: true, data: points.map((p) => pct(pick(p))) });
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 40, bottom: 24 },
    xAxis: { type: 'category', data: points.map((p) => p.month) },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: 100 },
      { type: 'value', name: '交办数', minInterval: 1 },
    ],
    series: [
      series('响应率', (p) => p.responseRate),
      series('按期办结率', (p) => p.onTimeRate),
      series('解决率', (p) => p.resolutionRate),
      series('满意率', (p) => p.satisfactionRate),
      { name: '交办数', type: 'bar' as const, yAxisIndex: 1, data: points.map((p) => p.assigned), itemStyle: { opacity: 0.35 } },
    ],
  };
  return <ReactECharts option={option} style={{ height: 320 }} notMerge />;
}
