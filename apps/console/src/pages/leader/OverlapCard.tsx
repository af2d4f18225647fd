import { useMutation } from '@tanstack/react-query';
import { Button, Card, Select, Space } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { usePublicCatalogue } from '../public/usePublicData';
import { Chart } from './Chart';

/** 标签重叠: how many firms carry each pair of the chosen tags (the diagonal: each tag alone), as a heatmap. */
export function OverlapCard() {
  const tags = usePublicCatalogue().data?.tags ?? [];
  const [chosen, setChosen] = useState<string[]>([]);
  const picked = chosen.length ? chosen : tags.slice(0, 6).map((t) => t.code);
  const overlap = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/sandbox/overlap', {
          body: {
            items: picked.map((code) => ({ key: code, name: tags.find((t) => t.code === code)?.name ?? code, rule: { fact: 'tags', operator: 'hasTag', value: code } })),
            sampleSize: 0,
          },
        }),
      ),
  });
  const d = overlap.data;
  const names = d?.items.map((i) => i.name) ?? [];
  const max = d ? Math.max(1, ...d.matrix.flat()) : 1;
  return (
    <Card title="标签重叠热力图" size="small" style={{ marginBottom: 16 }}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="分析的标签"
          mode="multiple"
          maxCount={30}
          style={{ minWidth: 480 }}
          value={picked}
          onChange={setChosen}
          options={tags.map((t) => ({ value: t.code, label: t.name }))}
        />
        <Button onClick={() => overlap.mutate()} loading={overlap.isPending} disabled={picked.length < 2}>
          分析重叠
        </Button>
      </Space>
      <ErrorAlert error={overlap.error} />
      {d ? (
        <>
          <Chart
            label="标签重叠热力图"
            height={360}
            option={{
              tooltip: { position: 'top' },
              grid: { left: 120, right: 24, top: 16, bottom: 96 },
              xAxis: { type: 'category', data: names, axisLabel: { rotate: 40, interval: 0 } },
              yAxis: { type: 'category', data: names },
              visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, show: false },
              series: [{ type: 'heatmap', data: d.matrix.flatMap((row, i) => row.map((v, j) => [j, i, v])), label: { show: true } }],
            }}
          />
          <p className="muted">同时带有两个及以上所选标签的企业：{d.multiEligible} 家。</p>
        </>
      ) : (
        <p className="muted">选择 2–30 个标签，查看两两同时具有的企业数。</p>
      )}
    </Card>
  );
}
