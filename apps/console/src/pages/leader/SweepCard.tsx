import { useMutation } from '@tanstack/react-query';
import { Button, Card, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { FactDefinition, ScenarioDefinition } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorResult';
import { formatFen } from '../../lib/money';
import { sliderRange, type Threshold } from '../../lib/rule-thresholds';
import { Chart } from './Chart';

/** 阈值扫描: eligible firms and cost as one threshold moves over a range (the other adjustments kept). */
export function SweepCard({ definition, thresholds, facts }: { definition: ScenarioDefinition; thresholds: Threshold[]; facts: Map<string, FactDefinition> }) {
  const [pointer, setPointer] = useState(thresholds[0]?.pointer);
  const current = thresholds.find((t) => t.pointer === pointer) ?? thresholds[0];
  const range = current ? sliderRange(current.value) : { min: 0, max: 10 };
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const sweep = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/sandbox/sweep', {
          body: { ...definition, sweep: { pointer: current.pointer, from: from ?? range.min, to: to ?? range.max, points: 20 } },
        }),
      ),
  });
  if (!current) return null;
  const fact = facts.get(current.fact);
  const d = sweep.data;
  return (
    <Card title="阈值扫描" size="small" style={{ marginBottom: 16 }}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="扫描的条件"
          style={{ width: 220 }}
          value={current.pointer}
          onChange={(p: string) => {
            setPointer(p);
            setFrom(null);
            setTo(null);
          }}
          options={thresholds.map((t) => ({ value: t.pointer, label: facts.get(t.fact)?.label ?? t.fact }))}
        />
        <InputNumber aria-label="扫描起点" placeholder={String(range.min)} value={from} onChange={setFrom} style={{ width: 160 }} />
        至
        <InputNumber aria-label="扫描终点" placeholder={String(range.max)} value={to} onChange={setTo} style={{ width: 160 }} />
        <Button onClick={() => sweep.mutate()} loading={sweep.isPending}>
          扫描
        </Button>
      </Space>
      <ErrorAlert error={sweep.error} />
      {d ? (
        <Chart
          label="阈值扫描曲线"
          option={{
            tooltip: { trigger: 'axis' },
            legend: { data: ['符合企业数', '资金需求（元）'] },
            grid: { left: 56, right: 72, top: 40, bottom: 40 },
            xAxis: { type: 'category', name: fact?.label ?? d.fact, data: d.points.map((p) => (fact?.type === 'money' ? formatFen(p.value) : String(p.value))) },
            yAxis: [{ type: 'value', name: '家' }, { type: 'value', name: '元' }],
            series: [
              { type: 'line', name: '符合企业数', data: d.points.map((p) => p.eligible), smooth: true },
              { type: 'line', name: '资金需求（元）', yAxisIndex: 1, data: d.points.map((p) => Math.round(p.totalFen / 100)), smooth: true },
            ],
          }}
        />
      ) : (
        <p className="muted">选择一个条件，查看门槛从起点到终点变化时符合企业数与资金需求的曲线。</p>
      )}
    </Card>
  );
}
