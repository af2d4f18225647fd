import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Col, Input, Pagination, Row, Select, Space, Tag } from 'antd';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { paths } from '../../api/schema';
import type { PolicySearchResult } from '../../api/types';
import { Highlighted } from '../../components/Highlighted';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { markSearchInput, markSearchRendered } from '../../lib/search-perf';
import { namesOf, usePublicCatalogue } from './usePublicData';

const FILTERS = ['department', 'level', 'category', 'mode', 'district'] as const;
/** The search API's query parameters (the URL's filter values are checked by the API: a bad one is a coded 400). */
type SearchQuery = NonNullable<paths['/api/v1/search/policies']['get']['parameters']['query']>;
type Filter = (typeof FILTERS)[number];

/** 政策查询: full-text search with filters; every filter and the page live in the URL (deep links). */
export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const { page, pageSize, setPage } = usePageParams(10);
  const catalogue = usePublicCatalogue();
  const q = params.get('q') ?? '';
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined])) as Record<Filter, string | undefined>;

  useEffect(() => {
    document.title = q ? `${q} · 政策查询 · 亲清在线` : '政策查询 · 亲清在线';
  }, [q]);

  const search = useQuery({
    queryKey: ['public', 'search', q, filters, page, pageSize],
    queryFn: () =>
      call(api.GET('/api/v1/search/policies', {
        // Without words or filters the portal lists every published item (status is a filter).
        params: { query: { ...(filters as SearchQuery), q: q || undefined, status: 'published', page, pageSize } },
      })),
    placeholderData: keepPreviousData,
  });
  // the speed benchmark's measure ends when this query's own results (not the placeholder) are on the page
  const shown = search.isSuccess && !search.isPlaceholderData && !search.isFetching;
  useEffect(() => {
    if (shown) markSearchRendered(q);
  }, [shown, q, search.data]);

  const set = (patch: Record<string, string | undefined>) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) {
        if (v) p.set(k, v);
        else p.delete(k);
      }
      p.delete('page');
      return p;
    });

  const c = catalogue.data;
  const departments = namesOf(c?.departments);
  const label = (list: Array<{ value: string; label: string }> | undefined, v: string) => list?.find((x) => x.value === v)?.label ?? v;
  const option = (list: Array<{ value: string; label: string }> | undefined) => (list ?? []).map((x) => ({ value: x.value, label: x.label }));

  return (
    <>
      <PageHeader title="惠企政策查询" description="按关键词查找现行有效的惠企政策与兑现事项，可按部门、层级、类别、兑现方式和区域筛选。" />
      <Card className="search-card">
        <div role="search">
          <Input.Search
            key={q}
            defaultValue={q}
            placeholder="输入关键词，如：研发 补贴、专精特新、稳岗"
            enterButton="搜索"
            size="large"
            allowClear
            aria-label="搜索关键词"
            onSearch={(v) => {
              markSearchInput(v.trim());
              set({ q: v.trim() || undefined });
            }}
          />
          <Row gutter={[12, 0]} style={{ marginTop: 12 }}>
            {(
              [
                ['department', '主管部门', (c?.departments ?? []).map((d) => ({ value: d.code, label: d.name }))],
                ['level', '政策层级', option(c?.levels)],
                ['category', '政策类别', option(c?.categories)],
                ['mode', '兑现方式', option(c?.modes)],
                ['district', '适用区域', (c?.districts ?? []).map((d) => ({ value: d.code, label: d.name }))],
              ] as const
            ).map(([key, title, options]) => (
              <Col xs={12} sm={8} md={4} key={key} style={{ minWidth: 150 }}>
                <label className="filter">
                  <span className="filter-label">{title}</span>
                  <Select
                    allowClear
                    showSearch
                    optionFilterProp="label"
                    placeholder="全部"
                    value={filters[key]}
                    options={[...options]}
                    onChange={(v?: string) => set({ [key]: v })}
                    aria-label={title}
                    loading={catalogue.isPending}
                    style={{ width: '100%' }}
                  />
                </label>
              </Col>
            ))}
          </Row>
          <Compendium department={filters.department} theme={filters.category} />
        </div>
      </Card>
      <QueryState query={search} isEmpty={(d) => d.items.length === 0} emptyText={q ? `没有找到与“${q}”相关的政策，请换个关键词或减少筛选条件` : '没有符合筛选条件的政策'}>
        {(d) => (
          <>
            <p className="result-count">共找到 {d.total} 个兑现事项</p>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              {d.items.map((r) => (
                <ResultCard key={r.itemId} r={r} departmentName={departments.get(r.department) ?? r.department}
                  levelLabel={label(c?.levels, r.level)} categoryLabel={label(c?.categories, r.category)} modeLabel={label(c?.modes, r.mode)} />
              ))}
            </Space>
            <Pagination style={{ marginTop: 16, textAlign: 'center' }} current={page} pageSize={pageSize} total={d.total}
              showSizeChanger={false} onChange={(p) => setPage(p)} showTotal={(t) => `共 ${t} 条`} />
          </>
        )}
      </QueryState>
    </>
  );
}

function ResultCard({ r, departmentName, levelLabel, categoryLabel, modeLabel }: { r: PolicySearchResult; departmentName: string; levelLabel: string; categoryLabel: string; modeLabel: string }) {
  return (
    <Card size="small" className="result-card" data-testid="search-result">
      <Link to={`/policies/${r.policyId}#item-${r.itemId}`} className="result-title">
        <Highlighted html={r.highlight.itemName} />
      </Link>
      <div className="result-policy">
        <Highlighted html={r.highlight.policyTitle} />
        {r.docNumber ? <span className="muted">　{r.docNumber}</span> : null}
      </div>
      <p className="result-snippet"><Highlighted html={r.highlight.snippet} /></p>
      <Space wrap size={4}>
        <Tag color="blue">{modeLabel}</Tag>
        <Tag>{departmentName}</Tag>
        <Tag>{levelLabel}级</Tag>
        <Tag>{categoryLabel}</Tag>
        <span className="muted" style={{ fontSize: 12 }}>有效期 {r.effectiveFrom} 至 {r.effectiveTo ?? '长期'}</span>
      </Space>
    </Card>
  );
}

/**
 * 政策汇编: the published policies of the chosen department and/or category as a printable page or a
 * spreadsheet (public, no login: plain links).
 */
function Compendium({ department, theme }: { department?: string; theme?: string }) {
  const href = (format: 'html' | 'xlsx') => {
    const q = new URLSearchParams({ format });
    if (department) q.set('department', department);
    if (theme) q.set('theme', theme);
    return `/api/v1/public/compendium?${q.toString()}`;
  };
  return (
    <div style={{ marginTop: 12 }} data-testid="compendium">
      <span className="filter-label">政策汇编{department || theme ? '（按当前部门、类别）' : '（全部现行政策）'}：</span>
      <a href={href('html')} target="_blank" rel="noreferrer">在线查看/打印</a>
      <span> · </span>
      <a href={href('xlsx')} download>下载 XLSX</a>
    </div>
  );
}
