import { InputNumber, Slider } from 'antd';
import type { FactDefinition } from '../../api/types';
import { formatFen } from '../../lib/money';
import { operatorText, sliderRange, type Threshold } from '../../lib/rule-thresholds';

const show = (fact: FactDefinition | undefined, v: number) => (fact?.type === 'money' ? formatFen(v) : `${v.toLocaleString('zh-CN')}${fact?.unit ?? ''}`);

/** One slider per numeric condition of the item's rule; the current rule's value is marked. */
export function ThresholdControls({
  thresholds,
  values,
  facts,
  onChange,
}: {
  thresholds: Threshold[];
  values: Record<string, number>;
  facts: Map<string, FactDefinition>;
  onChange: (pointer: string, value: number) => void;
}) {
  return (
    <div className="threshold-list">
      {thresholds.map((t) => {
        const fact = facts.get(t.fact);
        const range = sliderRange(t.value);
        const max = Math.max(range.max, values[t.pointer] ?? 0);
        const value = values[t.pointer] ?? t.value;
        const label = `${fact?.label ?? t.fact} ${operatorText(t.operator)}`;
        return (
          <div key={t.pointer} className="threshold-row">
            <div className="threshold-label">
              <span>{label}</span>
              <strong>{show(fact, value)}</strong>
              <span className="muted">（现行 {show(fact, t.value)}）</span>
            </div>
            <div className="threshold-inputs">
              <Slider
                ariaLabelForHandle={`${fact?.label ?? t.fact}门槛`}
                min={range.min}
                max={max}
                step={range.step}
                value={value}
                marks={{ [t.value]: '现行' }}
                tooltip={{ formatter: (v) => (v === undefined ? '' : show(fact, v)) }}
                onChange={(v) => onChange(t.pointer, v)}
                style={{ flex: 1 }}
              />
              <InputNumber
                aria-label={`${fact?.label ?? t.fact}门槛数值`}
                min={0}
                value={value}
                onChange={(v) => v !== null && onChange(t.pointer, v)}
                style={{ width: 160 }}
                suffix={fact?.type === 'money' ? '分' : fact?.unit}
              />
            </div>
          </div>
        );
      })}
    </div>
  );
}
