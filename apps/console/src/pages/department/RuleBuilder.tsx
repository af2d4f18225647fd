import { AntDValueSelector, QueryBuilderAntD } from '@react-querybuilder/antd';
import { Alert, DatePicker, Input, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { createContext, useContext, useMemo } from 'react';
import { QueryBuilder, type Field, type ValueEditorProps, type VersatileSelectorProps } from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder.css';
import type { FactDefinition } from '../../api/types';
import type { BuilderGroup } from '../../lib/rule-json';
import { usePublicCatalogue } from '../public/usePublicData';
import { OPERATOR_LABELS, operatorsFor } from './rule-operators';

export interface RuleBuilderProps {
  facts: readonly FactDefinition[];
  tags: ReadonlyArray<{ code: string; name: string }>;
  query: BuilderGroup;
  onChange: (q: BuilderGroup) => void;
  /** API problems keyed by builder path ("1.0"; "" the whole rule), from problemsByPath; others are the form's ErrorAlert's. */
  problems?: Map<string, string[]>;
  disabled?: boolean;
}

interface Pickers {
  facts: Map<string, FactDefinition>;
  tags: Array<{ value: string; label: string }>;
  districts: Array<{ value: string; label: string }>;
  industries: Array<{ value: string; label: string }>;
  problems: Map<string, string[]>;
}
const PickersContext = createContext<Pickers | null>(null);

const LIST_OPERATORS = new Set(['in', 'notIn', 'hasAnyTag', 'hasAllTags']);

/** The value widget for a condition, by the fact's type and the operator (money typed in 元). */
function ConditionValue(props: ValueEditorProps) {
  const ctx = useContext(PickersContext)!;
  const def = ctx.facts.get(props.field);
  const problems = ctx.problems.get(props.path.join('.'));
  const { operator, value, handleOnChange, disabled } = props;
  const label = def?.label ?? props.field;
  const editor = (() => {
    if (!def) return <Input disabled value={String(value ?? '')} />;
    const list = LIST_OPERATORS.has(operator);
    const codes = def.format === 'region' ? ctx.districts : def.format === 'industry' ? ctx.industries : null;
    if (def.type === 'tags') {
      return (
        <Select
          aria-label={`${label}的标签`}
          mode={list ? 'multiple' : undefined}
          showSearch
          optionFilterProp="label"
          style={{ minWidth: 220 }}
          options={ctx.tags}
          value={value === '' ? undefined : value}
          placeholder="选择标签"
          disabled={disabled}
          onChange={handleOnChange}
        />
      );
    }
    if (codes && (list || operator === 'inRegion' || operator === 'equal' || operator === 'notEqual')) {
      const multiple = list || (operator === 'inRegion' && Array.isArray(value));
      return (
        <Select
          aria-label={`${label}的取值`}
          mode={multiple ? 'tags' : undefined}
          showSearch
          optionFilterProp="label"
          style={{ minWidth: 220 }}
          options={codes}
          value={value === '' ? undefined : value}
          placeholder={def.format === 'region' ? '选择区域' : '选择行业'}
          disabled={disabled}
          onChange={handleOnChange}
        />
      );
    }
    if (def.type === 'enum') {
      return (
        <Select
          aria-label={`${label}的取值`}
          mode={list ? 'multiple' : undefined}
          style={{ minWidth: 160 }}
          options={(def.allowedValues ?? []).map((a) => ({ value: a.value, label: a.label }))}
          value={value === '' ? undefined : value}
          disabled={disabled}
          onChange={handleOnChange}
        />
      );
    }
    if (def.type === 'boolean') {
      return (
        <Select aria-label={`${label}的取值`} style={{ width: 100 }} options={[{ value: true, label: '是' }, { value: false, label: '否' }]} value={value === '' ? undefined : value} disabled={disabled} onChange={handleOnChange} />
      );
    }
    if (def.type === 'date' && !operator.startsWith('yearsSince')) {
      return (
        <DatePicker
          aria-label={`${label}的日期`}
          value={typeof value === 'string' && value ? dayjs(value) : null}
          disabled={disabled}
          onChange={(d) => handleOnChange(d ? d.format('YYYY-MM-DD') : '')}
        />
      );
    }
    const money = def.type === 'money';
    const one = (v: unknown, onOne: (x: unknown) => void, aria: string) =>
      money ? (
        <InputNumber<string> aria-label={aria} stringMode precision={2} min="0" suffix="元" style={{ width: 180 }} value={v === '' || v == null ? null : String(v)} disabled={disabled} onChange={(x) => onOne(x ?? '')} />
      ) : (
        <InputNumber
          aria-label={aria}
          style={{ width: 140 }}
          precision={def.type === 'integer' || operator.startsWith('yearsSince') ? 0 : undefined}
          suffix={operator.startsWith('yearsSince') ? '年' : def.unit}
          value={typeof v === 'number' ? v : null}
          disabled={disabled}
          onChange={(x) => onOne(x ?? '')}
        />
      );
    if (operator === 'between') {
      const pair = Array.isArray(value) ? value : ['', ''];
      return (
        <Space>
          {one(pair[0], (x) => handleOnChange([x, pair[1]]), `${label}下限`)}
          <span>至</span>
          {one(pair[1], (x) => handleOnChange([pair[0], x]), `${label}上限`)}
        </Space>
      );
    }
    if (list) {
      return (
        <Select
          aria-label={`${label}的取值`}
          mode="tags"
          style={{ minWidth: 220 }}
          value={Array.isArray(value) ? value.map(String) : []}
          placeholder={money ? '输入金额（元）后回车' : '输入后回车'}
          disabled={disabled}
          onChange={(xs: string[]) => handleOnChange(money ? xs : xs.map((x) => (Number.isFinite(Number(x)) ? Number(x) : x)))}
        />
      );
    }
    return one(value, handleOnChange, `${label}的取值`);
  })();
  return (
    <span className="rule-value">
      {editor}
      {problems ? (
        <span className="rule-problem" role="alert" style={{ color: '#cf1322', marginLeft: 8 }}>
          {problems.join('；')}
        </span>
      ) : null}
    </span>
  );
}

/** Fact and operator pickers: searchable (the fact list is longer than the dropdown shows), labelled. */
const FactSelector = (props: VersatileSelectorProps) => <AntDValueSelector {...props} showSearch aria-label="条件项" style={{ minWidth: 140 }} />;
const OperatorSelector = (props: VersatileSelectorProps) => <AntDValueSelector {...props} aria-label="运算符" style={{ minWidth: 110 }} />;

const defaultValueFor = (def: FactDefinition | undefined, operator: string): unknown => {
  if (!def) return '';
  if (operator === 'between') return ['', ''];
  if (LIST_OPERATORS.has(operator)) return [];
  if (def.type === 'boolean') return true;
  if (def.type === 'enum') return def.allowedValues?.[0]?.value ?? '';
  return '';
};

/**
 * 申报条件编辑器: react-querybuilder over the fact registry. Operators per fact type (as the API
 * accepts them), value widgets per type, nested 全部/任一/取反 groups; API problems shown at the
 * condition they point to.
 */
export function RuleBuilder({ facts, tags, query, onChange, problems, disabled }: RuleBuilderProps) {
  const catalogue = usePublicCatalogue();
  const pickers = useMemo<Pickers>(
    () => ({
      facts: new Map(facts.map((f) => [f.key, f])),
      tags: tags.map((t) => ({ value: t.code, label: `${t.name}（${t.code}）` })),
      districts: (catalogue.data?.districts ?? []).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` })),
      industries: (catalogue.data?.industries ?? []).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` })),
      problems: problems ?? new Map(),
    }),
    [facts, tags, catalogue.data, problems],
  );
  const fields = useMemo<Field[]>(() => facts.map((f) => ({ name: f.key, label: f.label })), [facts]);
  const whole = problems?.get('');
  return (
    <PickersContext.Provider value={pickers}>
      {whole ? <Alert type="error" showIcon title={whole.join('；')} style={{ marginBottom: 8 }} /> : null}
      <QueryBuilderAntD>
        <QueryBuilder
          fields={fields}
          query={query}
          onQueryChange={(q) => onChange(q as BuilderGroup)}
          disabled={disabled}
          showNotToggle
          resetOnFieldChange
          resetOnOperatorChange
          combinators={[
            { name: 'and', label: '全部满足' },
            { name: 'or', label: '任一满足' },
          ]}
          getOperators={(field) => {
            const def = pickers.facts.get(field);
            return def ? operatorsFor(def).map((op) => ({ name: op, label: OPERATOR_LABELS[op] ?? op })) : [];
          }}
          getDefaultValue={(rule) => defaultValueFor(pickers.facts.get(rule.field), rule.operator)}
          controlElements={{ valueEditor: ConditionValue, fieldSelector: FactSelector, operatorSelector: OperatorSelector }}
          translations={{
            addRule: { label: '+ 条件', title: '添加条件' },
            addGroup: { label: '+ 条件组', title: '添加条件组' },
            removeRule: { label: '删除', title: '删除条件' },
            removeGroup: { label: '删除组', title: '删除条件组' },
            notToggle: { label: '取反', title: '不满足本组条件' },
            fields: { title: '条件项', placeholderLabel: '选择条件项', placeholderGroupLabel: '条件项' },
            operators: { title: '运算符', placeholderLabel: '选择运算符', placeholderGroupLabel: '运算符' },
            combinators: { title: '组合方式' },
          }}
        />
      </QueryBuilderAntD>
    </PickersContext.Provider>
  );
}
