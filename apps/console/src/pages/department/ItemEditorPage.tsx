import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { BenefitFormula, FactDefinition, ItemVersion, PolicyView, Schemas, TagView } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { fenToYuan, yuanToFen } from '../../lib/money';
import { problemsByPath, queryToRule, ruleToQuery, type BuilderGroup, type JsonRule } from '../../lib/rule-json';
import { FormulaEditor } from './FormulaEditor';
import { LiveCount } from './LiveCount';
import { RuleBuilder } from './RuleBuilder';
import { ITEM_STATUS_COLORS, ITEM_STATUS_LABELS, MODE_LABELS } from './labels';
import { useFactRegistry, usePolicy, useTags } from './useDeptData';
import { VersionsPanel } from './VersionsPanel';

/** 事项编辑: /staff/dept/policies/:policyId/items/new and /staff/dept/policies/:policyId/items/:itemId */
export default function ItemEditorPage() {
  const { policyId, itemId } = useParams();
  const policy = usePolicy(policyId);
  const facts = useFactRegistry();
  const tags = useTags();
  return (
    <QueryState query={policy}>
      {(p) => (
        <QueryState query={facts}>
          {(f) => <ItemEditor key={editorKey(p, itemId)} policy={p} itemId={itemId && itemId !== 'new' ? itemId : undefined} facts={f} tags={tags.data ?? []} />}
        </QueryState>
      )}
    </QueryState>
  );
}

/** A new editor (fresh state from the server) per item and per version: a new draft opened from the published one starts from its content. */
function editorKey(p: PolicyView, itemId: string | undefined): string {
  const ref = itemId ? p.items.find((i) => i.id === itemId) : undefined;
  const base = ref ? (ref.open ?? ref.current ?? ref.latest) : undefined;
  return `${itemId ?? 'new'}:${base?.id ?? ''}`;
}

/** What the editor saves: an item's content, with the rule as the builder produced it. */
type ItemContent = Pick<
  ItemVersion,
  'name' | 'formula' | 'mode' | 'applyFrom' | 'applyTo' | 'materials' | 'exclusionGroup' | 'clause' | 'fundPoolFen' | 'contact' | 'effectiveFrom' | 'effectiveTo'
> & { rule: JsonRule };

interface FormValues {
  code?: string;
  name: string;
  mode: ItemContent['mode'];
  effective: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null;
  apply: [dayjs.Dayjs | null, dayjs.Dayjs | null] | null;
  fundPoolYuan: string | null;
  materials: string[];
  exclusionGroup?: string;
  clause?: string;
  contact?: string;
  changeNote?: string;
}

/** Who may ask the sandbox (POST /sandbox/what-if). */
const SANDBOX_ROLES = new Set<string>(['dept_editor', 'dept_reviewer', 'leader', 'admin']);
const DEFAULT_RULE: JsonRule = { all: [{ fact: 'creditStatus', operator: 'equal', value: 'good' }] };
const DEFAULT_FORMULA: BenefitFormula = { kind: 'fixed', amount: 0 };
const day = (s: string | null | undefined) => (s ? dayjs(s) : null);
const iso = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

function ItemEditor({ policy, itemId, facts, tags }: { policy: PolicyView; itemId?: string; facts: FactDefinition[]; tags: TagView[] }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { user } = useAuth();
  const ref = itemId ? policy.items.find((i) => i.id === itemId) : undefined;
  const base: ItemVersion | undefined = ref ? (ref.open ?? ref.current ?? ref.latest) : undefined;
  const isEditor = user?.role === 'dept_editor' || user?.role === 'admin';
  const isReviewer = user?.role === 'dept_reviewer' || user?.role === 'admin';
  const locked = !isEditor || base?.status === 'in_review';

  const [form] = Form.useForm<FormValues>();
  const [query, setQuery] = useState<BuilderGroup>(() => ruleToQuery(base?.rule ?? DEFAULT_RULE, facts));
  const [formula, setFormula] = useState<BenefitFormula>(base?.formula ?? DEFAULT_FORMULA);
  const rule = useMemo(() => queryToRule(query, facts), [query, facts]);
  // an item already online: the live count also says what the edit changes against it
  const online = useMemo(() => (ref?.current ? { rule: ref.current.rule, formula: ref.current.formula } : undefined), [ref?.current]);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [liveError, setLiveError] = useState<unknown>(null);
  const [decision, setDecision] = useState<'reject' | 'withdraw' | null>(null);
  const [reason, setReason] = useState('');


  // Problems the API pointed at: a failed save first, else the live what-if's (pointers relative to the rule).
  const problems = useMemo(() => {
    if (saveError instanceof ApiError) return problemsByPath(rule, saveError.details, '/rule');
    const at = liveError instanceof ApiError ? (liveError.details as { at?: string } | undefined)?.at : undefined;
    if (at === (online ? '/overrides/replaceRule' : '/base/rule')) return problemsByPath(rule, (liveError as ApiError).details, '');
    return undefined;
  }, [saveError, liveError]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['dept'] });

  const save = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      const content: ItemContent = {
        name: v.name,
        rule,
        formula,
        mode: v.mode,
        effectiveFrom: iso(v.effective?.[0]) ?? '',
        effectiveTo: iso(v.effective?.[1]),
        applyFrom: iso(v.apply?.[0]),
        applyTo: iso(v.apply?.[1]),
        fundPoolFen: yuanToFen(v.fundPoolYuan) ?? 0,
        materials: v.materials ?? [],
        exclusionGroup: v.exclusionGroup || null,
        clause: v.clause || null,
        contact: v.contact || null,
      };
      if (!itemId) {
        const body = { code: v.code ?? '', ...content } as unknown as Schemas['NewItemDto'];
        return call(api.POST('/api/v1/policies/{id}/items', { params: { path: { id: policy.id } }, body }));
      }
      return call(api.PATCH('/api/v1/items/{itemId}', { params: { path: { itemId } }, body: { changes: content as unknown as Record<string, never>, changeNote: v.changeNote || undefined } }));
    },
    onMutate: () => setSaveError(null),
    onError: (e) => setSaveError(e),
    onSuccess: async (v) => {
      await refresh();
      if (!itemId) navigate(`/staff/dept/policies/${policy.id}/items/${v.itemId}`, { replace: true });
    },
  });

  const submit = useMutation({
    mutationFn: () => call(api.POST('/api/v1/items/{itemId}/submit', { params: { path: { itemId: itemId! } } })),
    onSuccess: refresh,
  });
  const review = useMutation({
    mutationFn: (d: { decision: 'approve' | 'reject'; comment?: string }) => call(api.POST('/api/v1/items/{itemId}/review', { params: { path: { itemId: itemId! } }, body: d })),
    onSuccess: async () => {
      setDecision(null);
      await refresh();
    },
  });
  const withdraw = useMutation({
    mutationFn: (r: string) => call(api.POST('/api/v1/items/{itemId}/withdraw', { params: { path: { itemId: itemId! } }, body: { reason: r } })),
    onSuccess: async () => {
      setDecision(null);
      await refresh();
    },
  });

  const status = base?.status;
  const title = itemId ? `事项：${base?.name ?? ref?.code ?? ''}` : '新增事项';
  const actions = (
    <Space>
      {isEditor && !locked ? (
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
          保存草稿
        </Button>
      ) : null}
      {isEditor && itemId && ref?.open?.status === 'draft' ? (
        <Button loading={submit.isPending} onClick={() => submit.mutate()}>
          提交审核
        </Button>
      ) : null}
      {isReviewer && ref?.open?.status === 'in_review' ? (
        <>
          <Button type="primary" loading={review.isPending} onClick={() => review.mutate({ decision: 'approve' })}>
            审核通过并发布
          </Button>
          <Button danger onClick={() => { setReason(''); setDecision('reject'); }}>退回</Button>
        </>
      ) : null}
      {isReviewer && ref?.current ? <Button danger onClick={() => { setReason(''); setDecision('withdraw'); }}>撤回已发布版本</Button> : null}
    </Space>
  );

  const editor = (
    <>
      <ErrorAlert error={saveError} />
      <ErrorAlert error={submit.error ?? review.error ?? withdraw.error} />
      {save.isSuccess ? <Alert type="success" showIcon title="草稿已保存" style={{ marginBottom: 16 }} /> : null}
      {submit.isSuccess ? <Alert type="success" showIcon title="已提交审核" style={{ marginBottom: 16 }} /> : null}
      {review.isSuccess ? <Alert type="success" showIcon title={review.variables?.decision === 'approve' ? '已发布' : '已退回'} style={{ marginBottom: 16 }} /> : null}
      {base?.status === 'in_review' && isEditor ? <Alert type="info" showIcon title="该版本正在审核中，退回后才能修改" style={{ marginBottom: 16 }} /> : null}
      {base?.reviewComment && base.status === 'draft' ? <Alert type="warning" showIcon title={`审核意见：${base.reviewComment}`} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={16}>
        <Col span={16}>
          <Card title="基本信息" size="small" style={{ marginBottom: 16 }}>
            <Form
              form={form}
              layout="vertical"
              disabled={locked}
              initialValues={{
                name: base?.name ?? '',
                mode: base?.mode ?? 'no_application',
                effective: [day(base?.effectiveFrom ?? policy.effectiveFrom), day(base?.effectiveTo ?? policy.effectiveTo)],
                apply: base?.applyFrom || base?.applyTo ? [day(base?.applyFrom), day(base?.applyTo)] : null,
                fundPoolYuan: base ? fenToYuan(base.fundPoolFen) : '0',
                materials: base?.materials ?? [],
                exclusionGroup: base?.exclusionGroup ?? undefined,
                clause: base?.clause ?? undefined,
                contact: base?.contact ?? undefined,
              }}
            >
              <Row gutter={12}>
                {!itemId ? (
                  <Col span={8}>
                    <Form.Item name="code" label="事项编码" rules={[{ required: true, message: '请输入事项编码' }]}>
                      <Input placeholder="如 KJ-2026-RD" />
                    </Form.Item>
                  </Col>
                ) : null}
                <Col span={itemId ? 16 : 8}>
                  <Form.Item name="name" label="事项名称" rules={[{ required: true, message: '请输入事项名称' }]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="mode" label="兑现方式">
                    <Select options={Object.entries(MODE_LABELS).map(([value, label]) => ({ value, label }))} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="effective" label="有效期" rules={[{ validator: (_r, v: FormValues['effective']) => (v?.[0] ? Promise.resolve() : Promise.reject(new Error('请选择生效日期'))) }]}>
                    <DatePicker.RangePicker allowEmpty={[false, true]} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="apply" label="申报时间（申请制）">
                    <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="fundPoolYuan" label="资金池">
                    <InputNumber<string> stringMode precision={2} min="0" suffix="元" style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="exclusionGroup" label="不重复享受分组">
                    <Input placeholder="如 rd-subsidy" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="clause" label="政策条款">
                    <Input placeholder="如 第三条第（一）项" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="materials" label="申报材料">
                    <Select mode="tags" placeholder="输入材料名称后回车" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="contact" label="联系方式">
                    <Input />
                  </Form.Item>
                </Col>
                {itemId ? (
                  <Col span={24}>
                    <Form.Item name="changeNote" label="修改说明">
                      <Input placeholder="如 上调封顶金额" maxLength={500} />
                    </Form.Item>
                  </Col>
                ) : null}
              </Row>
            </Form>
          </Card>
          <Card title="申报条件" size="small" style={{ marginBottom: 16 }} className="rule-card">
            <RuleBuilder facts={facts} tags={tags} query={query} onChange={(q) => { setQuery(q); setSaveError(null); }} problems={problems} disabled={locked} />
          </Card>
          <Card title="补贴测算公式" size="small">
            <fieldset disabled={locked} style={{ border: 0, padding: 0, margin: 0 }}>
              <FormulaEditor facts={facts} value={formula} onChange={setFormula} />
            </fieldset>
          </Card>
        </Col>
        <Col span={8}>
          <div style={{ position: 'sticky', top: 16 }}>
            {user && SANDBOX_ROLES.has(user.role) ? <LiveCount rule={rule} formula={formula} online={online} onError={setLiveError} /> : null}
          </div>
        </Col>
      </Row>
    </>
  );

  return (
    <>
      <PageHeader
        title={title}
        description={
          // inline only: the description is a paragraph
          <>
            <Link to={`/staff/dept/policies/${policy.id}`} style={{ marginRight: 12 }}>{policy.title}</Link>
            {ref ? <span style={{ marginRight: 12 }}>{ref.code}</span> : null}
            {status ? <Tag color={ITEM_STATUS_COLORS[status]}>{`第 ${base?.version} 版 · ${ITEM_STATUS_LABELS[status]}`}</Tag> : null}
            {ref?.current && ref.open ? <Tag color="success">{`线上：第 ${ref.current.version} 版`}</Tag> : null}
          </>
        }
        extra={actions}
      />
      {itemId ? (
        <Tabs items={[{ key: 'edit', label: '内容', children: editor }, { key: 'versions', label: '版本与对比', children: <VersionsPanel itemId={itemId} /> }]} />
      ) : (
        editor
      )}
      <Modal
        open={decision !== null}
        title={decision === 'reject' ? '退回修改' : '撤回已发布版本'}
        okText={decision === 'reject' ? '退回' : '撤回'}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: review.isPending || withdraw.isPending }}
        onCancel={() => setDecision(null)}
        onOk={() => (decision === 'reject' ? review.mutate({ decision: 'reject', comment: reason.trim() }) : withdraw.mutate(reason.trim()))}
      >
        <Input.TextArea aria-label={decision === 'reject' ? '退回理由' : '撤回理由'} rows={4} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请填写理由（至少 2 个字）" maxLength={500} />
      </Modal>
    </>
  );
}
