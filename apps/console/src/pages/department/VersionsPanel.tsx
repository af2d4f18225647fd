import { useQuery } from '@tanstack/react-query';
import { Empty, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { QueryState } from '../../components/QueryState';
import { formatFen } from '../../lib/money';
import type { ItemVersion } from '../../api/types';
import { ITEM_STATUS_COLORS, ITEM_STATUS_LABELS, MODE_LABELS } from './labels';

const FIELD_LABELS: Record<string, string> = {
  '/name': '事项名称', '/mode': '兑现方式', '/applyFrom': '申报开始', '/applyTo': '申报截止', '/materials': '申报材料', '/exclusionGroup': '不重复享受分组',
  '/clause': '政策条款', '/fundPoolFen': '资金池', '/contact': '联系方式', '/effectiveFrom': '生效日期', '/effectiveTo': '失效日期',
};

function labelOf(path: string): string {
  if (FIELD_LABELS[path]) return FIELD_LABELS[path];
  if (path.startsWith('/rule')) return `申报条件 ${path.slice(5) || '（整体）'}`;
  if (path.startsWith('/formula')) return `补贴公式 ${path.slice(8) || '（整体）'}`;
  return path;
}

function show(path: string, v: unknown): string {
  if (v === null || v === undefined) return '（无）';
  if (path === '/fundPoolFen' && typeof v === 'number') return formatFen(v);
  if (path === '/mode' && typeof v === 'string') return MODE_LABELS[v as keyof typeof MODE_LABELS] ?? v;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** 版本: every version of an item, and a side-by-side comparison of any two. */
export function VersionsPanel({ itemId }: { itemId: string }) {
  const versions = useQuery({
    queryKey: ['dept', 'versions', itemId],
    queryFn: () => call(api.GET('/api/v1/items/{itemId}/versions', { params: { path: { itemId } } })),
  });
  const [pick, setPick] = useState<{ from?: number; to?: number }>({});
  const list = versions.data ?? [];
  const newest = list.length ? Math.max(...list.map((v) => v.version)) : undefined;
  const from = pick.from ?? (newest !== undefined && newest > 1 ? newest - 1 : undefined);
  const to = pick.to ?? newest;
  const diff = useQuery({
    queryKey: ['dept', 'diff', itemId, from, to],
    enabled: from !== undefined && to !== undefined && from !== to,
    queryFn: () => call(api.GET('/api/v1/items/{itemId}/diff', { params: { path: { itemId }, query: { from: from!, to: to! } } })),
  });
  const options = list.map((v) => ({ value: v.version, label: `第 ${v.version} 版（${ITEM_STATUS_LABELS[v.status]}）` }));
  return (
    <QueryState query={versions} isEmpty={(d) => d.length === 0} emptyText="暂无版本">
      {(d) => (
        <>
          <Table<ItemVersion>
            size="small"
            rowKey="id"
            dataSource={d}
            pagination={d.length > 10 ? { pageSize: 10 } : false}
            columns={[
              { title: '版本', dataIndex: 'version', width: 70 },
              { title: '状态', dataIndex: 'status', width: 130, render: (s: ItemVersion['status']) => <Tag color={ITEM_STATUS_COLORS[s]}>{ITEM_STATUS_LABELS[s]}</Tag> },
              { title: '修改说明', dataIndex: 'changeNote', render: (v: string | null) => v ?? '—' },
              { title: '审核意见', dataIndex: 'reviewComment', render: (v: string | null) => v ?? '—' },
              { title: '发布时间', dataIndex: 'publishedAt', width: 180, render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN') : '—') },
            ]}
          />
          <h3 style={{ marginTop: 16 }}>版本对比</h3>
          {d.length < 2 ? (
            <Empty description="只有一个版本，暂无可对比的内容" />
          ) : (
            <>
              <Space style={{ marginBottom: 12 }}>
                <Select aria-label="对比的旧版本" style={{ width: 200 }} options={options} value={from} onChange={(v) => setPick((p) => ({ ...p, from: v }))} />
                <span>→</span>
                <Select aria-label="对比的新版本" style={{ width: 200 }} options={options} value={to} onChange={(v) => setPick((p) => ({ ...p, to: v }))} />
              </Space>
              {from === to ? (
                <Empty description="请选择两个不同的版本" />
              ) : (
                <QueryState query={diff} isEmpty={(x) => x.changes.length === 0} emptyText="两个版本内容相同">
                  {(x) => (
                    <Table
                      size="small"
                      rowKey="path"
                      pagination={false}
                      dataSource={x.changes}
                      columns={[
                        { title: '内容', dataIndex: 'path', width: 240, render: (p: string) => labelOf(p) },
                        { title: `第 ${x.from} 版`, dataIndex: 'before', render: (v: unknown, r) => <span className="diff-before" style={{ background: '#fff1f0' }}>{show(r.path, v)}</span> },
                        { title: `第 ${x.to} 版`, dataIndex: 'after', render: (v: unknown, r) => <span className="diff-after" style={{ background: '#f6ffed' }}>{show(r.path, v)}</span> },
                      ]}
                    />
                  )}
                </QueryState>
              )}
            </>
          )}
        </>
      )}
    </QueryState>
  );
}
