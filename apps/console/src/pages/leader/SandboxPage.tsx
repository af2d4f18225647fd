import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, InputNumber, Row, Select, Space } from 'antd';
import { memo, useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import type { FactDefinition, ItemVersion, SavedScenario, ScenarioDefinition } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { fenToYuan, yuanToFen } from '../../lib/money';
import { numericThresholds, thresholdPatch } from '../../lib/rule-thresholds';
import { markInput } from '../../lib/sandbox-perf';
import { useFacts } from '../public/usePublicData';
import { EffectCard as EffectCardView } from './EffectCard';
import './leader.css';
import { OverlapCard as OverlapCardView } from './OverlapCard';
import { ScenariosCard as ScenariosCardView } from './ScenariosCard';
import { SweepCard as SweepCardView } from './SweepCard';
import { ThresholdControls } from './ThresholdControls';
import { useWhatIf } from './useWhatIf';
import { WhatIfResult } from './WhatIfResult';

// A slider move re-renders this page at once (the count must follow the finger); the cards below
// do not depend on the move, or take the definition deferred, so they stay out of that render.
const OverlapCard = memo(OverlapCardView);
const EffectCard = memo(EffectCardView);
const SweepCard = memo(SweepCardView);
const ScenariosCard = memo(ScenariosCardView);

/** Per-item adjustments: threshold values by JSON pointer and the budget cap (fen; null = none). */
interface Adjustments {
  values: Record<string, number>;
  capFen: number | null;
}

/** 数据沙盘: pick a published item, move its thresholds, see who gains and loses and what it costs. */
export default function SandboxPage() {
  const [params, setParams] = useSearchParams();
  const policyId = params.get('policy') ?? undefined;
  const itemId = params.get('item') ?? undefined;
  const factList = useFacts().data;
  const facts = useMemo(() => new Map<string, FactDefinition>((factList ?? []).map((f) => [f.key, f])), [factList]);
  const [adjust, setAdjust] = useState<Record<string, Adjustments>>({});
  const [loadError, setLoadError] = useState<string | null>(null);

  const policies = useQuery({
    queryKey: ['leader', 'policies'],
    queryFn: () => call(api.GET('/api/v1/policies', { params: { query: { page: 1, pageSize: 200 } } })),
  });
  const policy = useQuery({
    queryKey: ['leader', 'policy', policyId],
    queryFn: () => call(api.GET('/api/v1/policies/{id}', { params: { path: { id: policyId! } } })),
    enabled: !!policyId,
  });
  const items = (policy.data?.items ?? []).filter((i) => i.current);
  const version: ItemVersion | null = items.find((i) => i.id === itemId)?.current ?? null;
  const thresholds = useMemo(() => (version ? numericThresholds(version.rule) : []), [version]);
  const mine = version ? (adjust[version.id] ?? { values: {}, capFen: version.fundPoolFen > 0 ? version.fundPoolFen : null }) : null;

  const definition: ScenarioDefinition | null = useMemo(() => {
    if (!version || !mine) return null;
    const rule = thresholdPatch(thresholds, mine.values);
    return {
      base: { itemVersionId: version.id },
      overrides: { ...(rule.length ? { rule } : {}), ...(mine.capFen !== null ? { budgetCapFen: mine.capFen } : {}) },
      options: { groupBy: ['district', 'industry', 'scale'] },
    };
  }, [version, mine, thresholds]);
  const whatIf = useWhatIf(definition);
  // the sweep and the scenario list only need the definition when the leader acts on them: render
  // them with it after the urgent update (interruptible), not inside each slider move
  const lazyDefinition = useDeferredValue(definition);

  const change = (next: Partial<Adjustments>) => {
    if (!version || !mine) return;
    markInput();
    setAdjust((a) => ({ ...a, [version.id]: { ...mine, ...next } }));
  };
  const select = (entries: Record<string, string | undefined>) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(entries)) {
        if (v) p.set(k, v);
        else p.delete(k);
      }
      return p;
    });
  const load = (s: SavedScenario) => {
    const base = s.definition.base.itemVersionId;
    const owner = items.find((i) => i.current?.id === base);
    if (!owner?.current) {
      setLoadError(`情景“${s.name}”基于其他事项或已被新版本取代：请先选择该情景对应的政策与事项`);
      return;
    }
    setLoadError(null);
    const values: Record<string, number> = {};
    for (const op of s.definition.overrides?.rule ?? []) if (op.op === 'replace' && typeof op.value === 'number') values[op.path] = op.value;
    markInput();
    setAdjust((a) => ({ ...a, [owner.current!.id]: { values, capFen: s.definition.overrides?.budgetCapFen ?? null } }));
    select({ item: owner.id });
  };

  const loadRef = useRef(load);
  loadRef.current = load;
  const onLoad = useCallback((s: SavedScenario) => loadRef.current(s), []);

  return (
    <>
      <PageHeader title="数据沙盘" description="选择已发布的兑现事项，调整条件门槛与预算上限，实时查看符合企业数、资金需求、新增与减少的企业及其分布。" />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Select
            aria-label="政策"
            placeholder="选择政策"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 420 }}
            loading={policies.isPending}
            value={policyId}
            onChange={(v: string) => select({ policy: v, item: undefined })}
            options={(policies.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))}
          />
          <Select
            aria-label="兑现事项"
            placeholder="选择兑现事项"
            style={{ width: 360 }}
            loading={policy.isFetching}
            disabled={!policyId}
            value={version ? itemId : undefined}
            onChange={(v: string) => select({ item: v })}
            options={items.map((i) => ({ value: i.id, label: i.current!.name }))}
            notFoundContent={policyId && !policy.isPending ? '该政策没有已发布的事项' : undefined}
          />
        </Space>
        {policies.isError ? <ErrorAlert error={policies.error} /> : null}
        {policy.isError ? <ErrorAlert error={policy.error} /> : null}
      </Card>
      {loadError ? <Alert type="warning" showIcon title={loadError} closable onClose={() => setLoadError(null)} style={{ marginBottom: 16 }} /> : null}
      {!version || !mine ? (
        <Card>
          <Empty description="请选择政策与已发布的兑现事项" />
        </Card>
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={24}>
              <Card size="small" title={`调整条件：${version.name}（v${version.version}）`}>
                {thresholds.length ? (
                  <ThresholdControls thresholds={thresholds} values={mine.values} facts={facts} onChange={(pointer, value) => change({ values: { ...mine.values, [pointer]: value } })} />
                ) : (
                  <Alert type="info" showIcon title="该事项的申报条件没有数值门槛，可调整预算上限" />
                )}
                <Space style={{ marginTop: 12 }}>
                  <span>预算上限</span>
                  <InputNumber<string>
                    aria-label="预算上限"
                    stringMode
                    precision={2}
                    min="0"
                    suffix="元"
                    placeholder="不设上限"
                    style={{ width: 220 }}
                    value={mine.capFen === null ? null : fenToYuan(mine.capFen)}
                    onChange={(v) => {
                      try {
                        change({ capFen: yuanToFen(v) });
                      } catch {
                        // an incomplete amount while typing: keep the last valid cap
                      }
                    }}
                  />
                  <a onClick={() => change({ values: {}, capFen: version.fundPoolFen > 0 ? version.fundPoolFen : null })}>恢复现行</a>
                </Space>
              </Card>
            </Col>
          </Row>
          <ErrorAlert error={whatIf.error} />
          {whatIf.answer ? <WhatIfResult answer={whatIf.answer} pending={whatIf.pending} /> : <Card loading style={{ marginBottom: 16 }} />}
          {lazyDefinition ? <SweepCard key={version.id} definition={lazyDefinition} thresholds={thresholds} facts={facts} /> : null}
          <OverlapCard />
          <EffectCard itemId={version.itemId} />
        </>
      )}
      <ScenariosCard definition={lazyDefinition} onLoad={onLoad} />
    </>
  );
}
