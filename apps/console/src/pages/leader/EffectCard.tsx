import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Table } from 'antd';
import { api, call } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { formatFen } from '../../lib/money';

const num = (v: number) => v.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
/** Money indicators come in fen: shown in 元 (means are not whole fen, so rounded first). */
const value = (unit: string, v: number) => (unit === 'fen' ? formatFen(Math.round(v)) : num(v));

/** 政策效果分析 of the chosen item: paid firms against near misses, before and after (difference in differences). */
export function EffectCard({ itemId }: { itemId: string }) {
  const effect = useQuery({
    queryKey: ['sandbox', 'effect', itemId],
    queryFn: () => call(api.GET('/api/v1/sandbox/effects/{itemId}', { params: { path: { itemId } } })),
  });
  return (
    <Card title="政策效果分析" size="small" style={{ marginBottom: 16 }}>
      <QueryState query={effect} rows={3}>
        {(e) => (
          <>
            <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="已兑付企业">{e.paid.firms} 家</Descriptions.Item>
              <Descriptions.Item label="兑付金额">{formatFen(e.paid.totalFen)}</Descriptions.Item>
              <Descriptions.Item label="对照企业（差一点符合）">{e.comparisonFirms} 家</Descriptions.Item>
            </Descriptions>
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={e.indicators}
              locale={{ emptyText: '尚无足够的兑付与档案变化数据' }}
              columns={[
                { title: '指标', key: 'label', render: (_, r) => `${r.label}${r.unit && r.unit !== 'fen' ? `（${r.unit}）` : ''}` },
                { title: '受惠企业变化', key: 't', align: 'right', render: (_, r) => `${value(r.unit, r.treated.meanBefore)} → ${value(r.unit, r.treated.meanAfter)}` },
                { title: '对照企业变化', key: 'c', align: 'right', render: (_, r) => `${value(r.unit, r.control.meanBefore)} → ${value(r.unit, r.control.meanAfter)}` },
                { title: '政策效果（双重差分）', key: 'effect', align: 'right', render: (_, r) => <strong>{value(r.unit, r.effect)}</strong> },
              ]}
            />
            <p className="muted" style={{ marginTop: 8 }}>{e.method}</p>
          </>
        )}
      </QueryState>
    </Card>
  );
}
