import { Button, InputNumber, Radio, Select, Space, Table } from 'antd';
import type { BenefitFormula, BenefitTier, FactDefinition } from '../../api/types';
import { fenToYuan, yuanToFen } from '../../lib/money';
import { percentToRate, rateToPercent } from '../../lib/rate';

/** 元 text from an InputNumber → fen, or undefined when empty / not an amount (the API then says what is wrong). */
const toFen = (v: string | null): number | undefined => {
  try {
    return yuanToFen(v) ?? undefined;
  } catch {
    return undefined;
  }
};
const yuan = (fen: number | undefined) => (fen === undefined ? null : fenToYuan(fen));

function Money({ value, onChange, label }: { value: number | undefined; onChange: (fen: number | undefined) => void; label: string }) {
  return <InputNumber<string> aria-label={label} stringMode precision={2} min="0" suffix="元" style={{ width: 200 }} value={yuan(value)} onChange={(v) => onChange(toFen(v))} />;
}

/** Rates are decimal strings ("0.1" = 10%); people type percent (lib/rate: exact, no floats). */
function Percent({ value, onChange, label }: { value: string | undefined; onChange: (rate: string) => void; label: string }) {
  return <InputNumber<string> aria-label={label} stringMode min="0" suffix="%" style={{ width: 140 }} value={rateToPercent(value)} onChange={(v) => onChange(percentToRate(v) ?? v ?? '')} />;
}

const KIND_LABELS = { fixed: '固定金额', rate: '按比例', tiers: '分档' } as const;

/**
 * 补贴测算公式: fixed amount, rate × a money fact, or tiers over a numeric fact (bracketed or
 * progressive), with optional 保底/封顶. Money typed in 元, stored in fen.
 */
export function FormulaEditor({ facts, value, onChange }: { facts: readonly FactDefinition[]; value: BenefitFormula; onChange: (f: BenefitFormula) => void }) {
  const moneyFacts = facts.filter((f) => f.type === 'money').map((f) => ({ value: f.key, label: f.label }));
  const numericFacts = facts.filter((f) => f.type === 'money' || f.type === 'number' || f.type === 'integer').map((f) => ({ value: f.key, label: f.label }));
  const caps = { min: value.min, max: value.max };
  const setCaps = (patch: { min?: number; max?: number }) => {
    const next = { ...value, ...patch } as BenefitFormula & { min?: number; max?: number };
    if (next.min === undefined) delete next.min;
    if (next.max === undefined) delete next.max;
    onChange(next);
  };
  const switchKind = (kind: BenefitFormula['kind']) => {
    if (kind === value.kind) return;
    if (kind === 'fixed') onChange({ kind, amount: 0, ...clean(caps) });
    if (kind === 'rate') onChange({ kind, fact: moneyFacts[0]?.value ?? '', rate: '0.1', ...clean(caps) });
    if (kind === 'tiers') onChange({ kind, fact: numericFacts[0]?.value ?? '', mode: 'bracketed', tiers: [{ from: 0, amount: 0 }], ...clean(caps) });
  };
  const tierFact = value.kind === 'tiers' ? facts.find((f) => f.key === value.fact) : undefined;
  const bound = (v: number | undefined, set: (n: number | undefined) => void, label: string) =>
    tierFact?.type === 'money' ? <Money value={v} onChange={set} label={label} /> : <InputNumber aria-label={label} value={v ?? null} suffix={tierFact?.unit} onChange={(n) => set(n ?? undefined)} />;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group aria-label="公式类型" value={value.kind} onChange={(e) => switchKind(e.target.value as BenefitFormula['kind'])} optionType="button" options={Object.entries(KIND_LABELS).map(([v, l]) => ({ value: v, label: l }))} />
      {value.kind === 'fixed' ? (
        <Space>
          <span>每户补贴</span>
          <Money label="固定金额" value={value.amount} onChange={(amount) => onChange({ ...value, amount: amount ?? 0 })} />
        </Space>
      ) : null}
      {value.kind === 'rate' ? (
        <Space wrap>
          <Select aria-label="计算依据" style={{ width: 160 }} options={moneyFacts} value={value.fact} onChange={(fact) => onChange({ ...value, fact })} />
          <span>×</span>
          <Percent label="补贴比例" value={value.rate} onChange={(rate) => onChange({ ...value, rate })} />
        </Space>
      ) : null}
      {value.kind === 'tiers' ? (
        <>
          <Space wrap>
            <span>分档依据</span>
            <Select aria-label="分档依据" style={{ width: 160 }} options={numericFacts} value={value.fact} onChange={(fact) => onChange({ ...value, fact })} />
            <Radio.Group
              value={value.mode}
              onChange={(e) => onChange({ ...value, mode: e.target.value as 'bracketed' | 'progressive' })}
              options={[{ value: 'bracketed', label: '按所在档（整体适用）' }, { value: 'progressive', label: '超额累进（仅比例）' }]}
            />
          </Space>
          <Table<BenefitTier & { index: number }>
            size="small"
            rowKey="index"
            pagination={false}
            dataSource={value.tiers.map((t, index) => ({ ...t, index }))}
            columns={[
              {
                title: '档位界限',
                render: (_, t) => {
                  const useFrom = t.from !== undefined || (t.upTo === undefined && value.tiers.some((x) => x.from !== undefined));
                  const set = (n: number | undefined) => onChange({ ...value, tiers: value.tiers.map((x, i) => (i === t.index ? { ...x, ...(useFrom ? { from: n } : { upTo: n }) } : x)) });
                  return <Space><span>{useFrom ? '不低于' : '不高于'}</span>{bound(useFrom ? t.from : t.upTo, set, `第${t.index + 1}档界限`)}</Space>;
                },
              },
              {
                title: '补贴',
                render: (_, t) => {
                  const setTier = (patch: BenefitTier) =>
                    onChange({ ...value, tiers: value.tiers.map((x, i) => { if (i !== t.index) return x; const n = { ...x, ...patch }; return strip(n); }) });
                  return t.rate !== undefined ? (
                    <Space><Percent label={`第${t.index + 1}档比例`} value={t.rate} onChange={(rate) => setTier({ rate, amount: undefined })} /><Button size="small" onClick={() => setTier({ rate: undefined, amount: 0 })}>改为金额</Button></Space>
                  ) : (
                    <Space><Money label={`第${t.index + 1}档金额`} value={t.amount} onChange={(amount) => setTier({ amount })} /><Button size="small" onClick={() => setTier({ amount: undefined, rate: '0.1' })}>改为比例</Button></Space>
                  );
                },
              },
              { title: '', width: 70, render: (_, t) => <Button size="small" danger disabled={value.tiers.length <= 1} onClick={() => onChange({ ...value, tiers: value.tiers.filter((_x, i) => i !== t.index) })}>删除</Button> },
            ]}
          />
          <Button size="small" onClick={() => {
            const useFrom = value.tiers.some((x) => x.from !== undefined);
            onChange({ ...value, tiers: [...value.tiers, useFrom ? { from: 0, amount: 0 } : { upTo: 0, amount: 0 }] });
          }}>+ 档位</Button>
        </>
      ) : null}
      <Space wrap>
        <span>保底</span>
        <Money label="保底金额" value={value.min} onChange={(min) => setCaps({ min })} />
        <span>封顶</span>
        <Money label="封顶金额" value={value.max} onChange={(max) => setCaps({ max })} />
      </Space>
    </Space>
  );
}

function clean(caps: { min?: number; max?: number }) {
  return strip({ ...caps });
}
function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
