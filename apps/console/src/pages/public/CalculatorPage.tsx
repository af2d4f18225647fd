import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { CalculatorLine, CalculatorResult, FactDefinition, PublicCatalogue } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { calculatorFields, describeFacts, fieldKind, toCalculatorFacts, type FormValues } from '../../lib/calculator-facts';
import { calculatorReportHtml } from '../../lib/calculator-report';
import { formatFen } from '../../lib/money';
import { usePublicCatalogue, useFacts } from './usePublicData';

/**
 * 政策计算器: anyone describes a firm (nothing is stored) and sees the items it would qualify for
 * with estimates, and near misses with what is lacking; the result downloads as a printable report.
 */
export default function CalculatorPage() {
  const facts = useFacts();
  const catalogue = usePublicCatalogue();
  useEffect(() => {
    document.title = '政策计算器 · 亲清在线';
  }, []);
  return (
    <>
      <PageHeader title="政策计算器" description="填写企业的基本情况，即可测算可享受的惠企政策和预计金额。信息仅用于本次测算，不会被保存。" />
      <QueryState query={facts} rows={8}>
        {(f) => <Calculator facts={calculatorFields(f)} catalogue={catalogue.data} />}
      </QueryState>
    </>
  );
}

function Calculator({ facts, catalogue }: { facts: FactDefinition[]; catalogue?: PublicCatalogue }) {
  const [form] = Form.useForm<FormValues>();
  const [inputError, setInputError] = useState<string | null>(null);
  const [sent, setSent] = useState<Record<string, unknown>>({});
  const calc = useMutation({ mutationFn: (body: Record<string, unknown>) => call(api.POST('/api/v1/calculator', { body: { facts: body } })) });

  const submit = (values: FormValues) => {
    setInputError(null);
    let body: Record<string, unknown>;
    try {
      body = toCalculatorFacts(values, facts);
    } catch (e) {
      setInputError(errorMessage(e));
      return;
    }
    setSent(body);
    calc.mutate(body); // a refusal shows as an ErrorAlert above the result
  };

  const names = useMemo(
    () => ({
      tags: new Map((catalogue?.tags ?? []).map((t) => [t.code, t.name])),
      codes: new Map([...(catalogue?.districts ?? []), ...(catalogue?.industries ?? [])].map((d) => [d.code, d.name])),
    }),
    [catalogue],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title="企业信息" size="small">
          <Form form={form} layout="vertical" onFinish={submit} aria-label="企业信息">
            {facts.map((f) => (
              <Form.Item key={f.key} name={f.key} label={f.label}>
                {widget(f, catalogue)}
              </Form.Item>
            ))}
            {inputError ? <Alert type="error" showIcon title={inputError} style={{ marginBottom: 12 }} /> : null}
            <Space>
              <Button type="primary" htmlType="submit" loading={calc.isPending}>开始测算</Button>
              <Button onClick={() => { form.resetFields(); calc.reset(); }}>清空</Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        {calc.isError ? <ErrorAlert error={calc.error} /> : null}
        {calc.data ? (
          <ResultPanel result={calc.data} input={describeFacts(sent, facts, names)} />
        ) : (
          <Card size="small"><Empty description="填写左侧信息后点击“开始测算”" /></Card>
        )}
      </Col>
    </Row>
  );
}

function widget(f: FactDefinition, catalogue?: PublicCatalogue) {
  const unit = f.unit && f.type !== 'money' ? f.unit : undefined;
  switch (fieldKind(f)) {
    case 'money':
      return <InputNumber<string> stringMode min="0" precision={2} suffix="元" style={{ width: '100%' }} placeholder="例如 30000000" aria-label={f.label} />;
    case 'integer':
      return <InputNumber min={0} precision={0} suffix={unit} style={{ width: '100%' }} aria-label={f.label} />;
    case 'number':
      return <InputNumber suffix={unit} style={{ width: '100%' }} aria-label={f.label} />;
    case 'enum':
      return <Select allowClear placeholder="请选择" options={(f.allowedValues ?? []).map((a) => ({ value: a.value, label: a.label }))} aria-label={f.label} />;
    case 'boolean':
      return <Select allowClear placeholder="请选择" options={[{ value: 'true', label: '是' }, { value: 'false', label: '否' }]} aria-label={f.label} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} placeholder="请选择日期" aria-label={f.label} />;
    case 'tags':
      return <Select mode="multiple" allowClear placeholder="可多选" optionFilterProp="label" options={(catalogue?.tags ?? []).map((t) => ({ value: t.code, label: t.name }))} aria-label={f.label} />;
    case 'region':
      return <Select allowClear showSearch optionFilterProp="label" placeholder="请选择区县" options={(catalogue?.districts ?? []).map((d) => ({ value: d.code, label: d.name }))} aria-label={f.label} />;
    case 'industry':
      return <Select allowClear showSearch optionFilterProp="label" placeholder="请选择行业" options={(catalogue?.industries ?? []).map((d) => ({ value: d.code, label: `${d.code} ${d.name}` }))} aria-label={f.label} />;
    default:
      return <Input allowClear aria-label={f.label} />;
  }
}

function download(html: string) {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = '惠企政策测算报告.html';
  a.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function ResultPanel({ result, input }: { result: CalculatorResult; input: Array<[string, string]> }) {
  const report = () => calculatorReportHtml(input, result, new Date(), window.location.origin);
  const print = () => {
    const w = window.open('', '_blank');
    if (!w) return;
    w.document.write(report());
    w.document.close();
    w.focus();
    w.print();
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="calculator-result">
      <Card size="small">
        <Row gutter={16} align="middle">
          <Col xs={12} sm={8}><Statistic title="可享受事项" value={result.eligible.length} suffix="项" /></Col>
          <Col xs={12} sm={8}><Statistic title="预计可享受" value={result.totalEstimateText} /></Col>
          <Col xs={24} sm={8}>
            <Space wrap>
              <Button type="primary" onClick={() => download(report())}>下载测算报告</Button>
              <Button onClick={print}>打印</Button>
            </Space>
          </Col>
        </Row>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>按 {result.asOf} 有效的政策测算，结果仅供参考，以主管部门审核为准。</Typography.Text>
      </Card>
      <Card size="small" title={`可享受的事项（${result.eligible.length}）`}>
        {result.eligible.length ? result.eligible.map((l) => <Line key={l.itemId} line={l} />) : <Empty description="暂无完全符合条件的事项" />}
      </Card>
      <Card size="small" title={`差一点符合（${result.nearMisses.length}）`}>
        {result.nearMisses.length ? result.nearMisses.map((l) => <Line key={l.itemId} line={l} near />) : <Empty description="没有差一点符合的事项" />}
      </Card>
    </Space>
  );
}

function Line({ line: l, near = false }: { line: CalculatorLine; near?: boolean }) {
  return (
    <div className="calc-line" data-testid={near ? 'near-miss' : 'eligible'}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Link to={`/items/${l.itemId}`} className="calc-line-title">{l.itemName}</Link>
        <Space size={4}>
          <Tag color={near ? 'orange' : 'green'}>{l.mode}</Tag>
          {l.estimateFen > 0 ? <Typography.Text strong>{near ? '达标后预计 ' : '预计 '}{formatFen(l.estimateFen)}</Typography.Text> : null}
        </Space>
      </Space>
      {!near ? <div className="calc-line-how">测算：{l.estimateText}</div> : null}
      {near && l.lacking ? <Alert type="warning" showIcon title={`还差：${l.lacking}`} style={{ margin: '8px 0' }} /> : null}
      {l.reasons.length ? (
        <Descriptions size="small" column={1} items={[{ key: 'r', label: '条件判断', children: <ul className="reasons">{l.reasons.map((r) => <li key={r}>{r}</li>)}</ul> }]} />
      ) : null}
    </div>
  );
}
