import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Card, Checkbox, Input, Popconfirm, Rate, Space, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { chinaToday, firmActions } from '../../lib/application-flow';
import { useIdempotencyKey } from './entApi';
import type { Application, Material } from '../../api/types';

/** Refresh everything the page shows about the application after an action. */
function useRefresh(id: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['applications'] });
    void client.invalidateQueries({ queryKey: ['me'] });
    void client.invalidateQueries({ queryKey: ['applications', id] });
  };
}

/** What the firm can do with its application in its state: each action a small card. */
export function ApplicationActions({ app, materials, committed }: { app: Application; materials: Material[]; committed: boolean }) {
  const actions = firmActions(app, chinaToday());
  const awaitingDisclosure = app.state === 'approved' && !actions.includes('confirm');
  if (actions.length === 0) return null;
  return (
    <>
      {awaitingDisclosure ? <Alert type="success" showIcon style={{ marginBottom: 12 }} title="审核已通过，等待公示。公示期满后请在确认期内确认收款账户。" /> : null}
      {actions.includes('prepare') ? <PrepareCard app={app} materials={materials} committed={committed} /> : null}
      {actions.includes('confirm') ? <ConfirmCard app={app} changeable={actions.includes('change_account')} /> : null}
      {actions.includes('reopen') ? <ReopenCard app={app} /> : null}
      {actions.includes('rate') ? <RateCard app={app} /> : null}
      {actions.includes('withdraw') ? <WithdrawCard app={app} /> : null}
    </>
  );
}

/** 申请制 / 补正: upload the materials, sign the 信用承诺, submit. */
function PrepareCard({ app, materials, committed }: { app: Application; materials: Material[]; committed: boolean }) {
  const refresh = useRefresh(app.id);
  const returned = app.state === 'returned';
  const item = useQuery({
    queryKey: ['me', 'policy', app.itemId],
    queryFn: () => call(api.GET('/api/v1/me/policies/{itemId}', { params: { path: { itemId: app.itemId } } })),
    retry: false,
  });
  const required = item.data?.materials ?? [];
  const have = new Set(materials.map((m) => m.materialName));
  const missing = required.filter((m) => !have.has(m));
  const [name, setName] = useState<string>('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [agreed, setAgreed] = useState(false);
  const commitKey = useIdempotencyKey();
  const submitKey = useIdempotencyKey();

  const upload = useMutation({
    mutationFn: () => {
      const file = files[0]?.originFileObj;
      const materialName = (name || missing[0] || '').trim();
      if (!file) throw new Error('请选择要上传的文件');
      if (!materialName) throw new Error('请填写材料名称');
      const form = new FormData();
      form.append('materialName', materialName);
      form.append('file', file, file.name);
      return call(api.POST('/api/v1/applications/{id}/materials', {
        params: { path: { id: app.id } },
        // no Idempotency-Key: the upload route refuses it (IDEMPOTENCY.NOT_SUPPORTED)
        body: form as unknown as { materialName: string },
      }));
    },
    onSuccess: () => {
      setFiles([]);
      setName('');
      refresh();
    },
  });
  const text = useQuery({
    queryKey: ['applications', 'commitment-text'],
    queryFn: () => call(api.GET('/api/v1/applications/commitment-text')),
    enabled: !committed,
    staleTime: Infinity,
  });
  const commit = useMutation({
    mutationFn: () => call(api.POST('/api/v1/applications/{id}/commitment', {
      params: { path: { id: app.id } }, body: { textVersion: text.data!.textVersion }, headers: commitKey.headers(),
    })),
    onSettled: commitKey.renew,
    onSuccess: refresh,
  });
  const submit = useMutation({
    mutationFn: () => call(api.POST('/api/v1/applications/{id}/submit', { params: { path: { id: app.id } }, headers: submitKey.headers() })),
    onSettled: submitKey.renew,
    onSuccess: refresh,
  });
  const needMaterials = app.mode !== 'commitment';

  return (
    <Card size="small" title={returned ? '补正材料并重新提交' : '准备申报'} style={{ marginBottom: 12 }}>
      {returned ? <Typography.Paragraph type="warning">部门已退回补正，请按办理进度中的退回意见补充材料后重新提交。</Typography.Paragraph> : null}
      {needMaterials ? (
        <section aria-label="上传材料" style={{ marginBottom: 16 }}>
          <Typography.Text strong>1. 上传申报材料</Typography.Text>
          {required.length ? (
            <div>
              {required.map((m) => (
                <div key={m}>{have.has(m) ? '✔' : '○'} {m}</div>
              ))}
            </div>
          ) : null}
          <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
            <AutoComplete
              aria-label="材料名称"
              placeholder={missing[0] ?? (returned ? '补正材料名称' : '材料名称')}
              value={name}
              onChange={setName}
              options={required.map((m) => ({ value: m }))}
              style={{ width: '100%' }}
            />
            <Upload
              accept=".pdf,.jpg,.jpeg,.png"
              maxCount={1}
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles(fileList.slice(-1))}
            >
              <Button>选择文件</Button>
            </Upload>
            <ErrorAlert error={upload.error} />
            <Button type="primary" ghost onClick={() => upload.mutate()} loading={upload.isPending} disabled={files.length === 0}>上传材料</Button>
          </Space>
        </section>
      ) : null}
      <section aria-label="信用承诺" style={{ marginBottom: 16 }}>
        <Typography.Text strong>{needMaterials ? '2. ' : '1. '}签署信用承诺</Typography.Text>
        {committed ? (
          <div>✔ 已签署信用承诺书</div>
        ) : (
          <>
            <Typography.Paragraph style={{ background: '#fafafa', padding: 8, marginTop: 8 }}>{text.data?.text ?? '加载承诺书…'}</Typography.Paragraph>
            <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)}>本企业已阅读并同意以上信用承诺</Checkbox>
            <ErrorAlert error={commit.error} />
            <div style={{ marginTop: 8 }}>
              <Button onClick={() => commit.mutate()} disabled={!agreed || !text.data} loading={commit.isPending}>签署信用承诺</Button>
            </div>
          </>
        )}
      </section>
      <ErrorAlert error={submit.error} />
      <Button type="primary" block size="large" onClick={() => submit.mutate()} loading={submit.isPending} disabled={!committed || (needMaterials && missing.length > 0 && !returned)}>
        {returned ? '补正后重新提交' : '提交申请'}
      </Button>
    </Card>
  );
}

/** 确认收款账户: the account on file, or a new one proved with an SMS code (demo: the code is shown on request). */
function ConfirmCard({ app, changeable }: { app: Application; changeable: boolean }) {
  const refresh = useRefresh(app.id);
  const me = useQuery({ queryKey: ['enterprise', 'me'], queryFn: () => call(api.GET('/api/v1/enterprises/me')) });
  const confirmKey = useIdempotencyKey();
  const changeKey = useIdempotencyKey();
  const [changing, setChanging] = useState(false);
  const [holderName, setHolderName] = useState('');
  const [bankName, setBankName] = useState('');
  const [accountNumber, setAccountNumber] = useState('');
  const [code, setCode] = useState('');
  const [verificationId, setVerificationId] = useState<string | null>(null);
  const demo = useQuery({
    queryKey: ['demo', 'sms', 'mine', verificationId],
    queryFn: () => call(api.GET('/api/v1/demo/sms/mine')),
    enabled: Boolean(verificationId),
  });

  const confirm = useMutation({
    mutationFn: (body: { verificationId?: string; code?: string }) =>
      call(api.POST('/api/v1/applications/{id}/confirm', { params: { path: { id: app.id } }, body, headers: confirmKey.headers() })),
    onSettled: confirmKey.renew,
    onSuccess: refresh,
  });
  const requestCode = useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/applications/{id}/account-change', {
        params: { path: { id: app.id } },
        body: { holderName: holderName || me.data?.name || '', bankName: bankName || undefined, accountNumber: accountNumber.replace(/\s/g, '') },
        headers: changeKey.headers(),
      })),
    onSettled: changeKey.renew,
    onSuccess: (r) => setVerificationId(r.verificationId),
  });

  return (
    <Card size="small" title={app.state === 'payout_failed' ? '重新确认收款账户' : '确认收款账户'} style={{ marginBottom: 12 }}>
      {app.confirmBy ? <Typography.Paragraph type="warning">请于 {app.confirmBy} 前确认，逾期申请将失效。</Typography.Paragraph> : null}
      {app.state === 'in_disclosure' ? <Typography.Paragraph type="secondary">公示期满后方可确认。</Typography.Paragraph> : null}
      <ErrorAlert error={confirm.error} />
      {!changing ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <div>档案中的收款账户：{me.data?.bankAccountMasked ? `${me.data.name} ${me.data.bankAccountMasked}（${me.data.bankName ?? '开户行未填'}）` : '无'}</div>
          <Button type="primary" block disabled={!me.data?.bankAccountMasked} loading={confirm.isPending} onClick={() => confirm.mutate({})}>确认使用该账户</Button>
          {changeable ? <Button block onClick={() => { setChanging(true); setHolderName(me.data?.name ?? ''); }}>使用其他账户</Button> : null}
        </Space>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <label>户名（须与企业名称一致）<Input aria-label="户名" value={holderName} onChange={(e) => setHolderName(e.target.value)} /></label>
          <label>开户行<Input aria-label="开户行" value={bankName} onChange={(e) => setBankName(e.target.value)} /></label>
          <label>银行账号<Input aria-label="银行账号" inputMode="numeric" value={accountNumber} onChange={(e) => setAccountNumber(e.target.value)} /></label>
          <ErrorAlert error={requestCode.error} />
          <Button onClick={() => requestCode.mutate()} loading={requestCode.isPending} disabled={accountNumber.replace(/\s/g, '').length < 10}>
            {verificationId ? '重新获取验证码' : '获取验证码'}
          </Button>
          {verificationId ? (
            <>
              <Typography.Text type="secondary">验证码已发送至企业登记的联系人手机。</Typography.Text>
              <label>短信验证码<Input aria-label="短信验证码" inputMode="numeric" maxLength={8} value={code} onChange={(e) => setCode(e.target.value)} /></label>
              {demo.data?.enabled ? (
                <Button type="dashed" size="small" onClick={() => void demo.refetch().then((r) => r.data?.code && setCode(r.data.code))}>演示环境：查看模拟短信</Button>
              ) : null}
              <Button type="primary" block loading={confirm.isPending} disabled={code.length < 4} onClick={() => confirm.mutate({ verificationId, code })}>确认新账户</Button>
            </>
          ) : null}
          <Button type="link" onClick={() => setChanging(false)}>返回</Button>
        </Space>
      )}
    </Card>
  );
}

function ReopenCard({ app }: { app: Application }) {
  const refresh = useRefresh(app.id);
  const key = useIdempotencyKey();
  const [reason, setReason] = useState('');
  const reopen = useMutation({
    mutationFn: () => call(api.POST('/api/v1/applications/{id}/reopen', { params: { path: { id: app.id } }, body: { reason }, headers: key.headers() })),
    onSettled: key.renew,
    onSuccess: refresh,
  });
  return (
    <Card size="small" title="申请恢复办理" style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">申请已逾期未确认{app.reopenUntil ? `，可在 ${app.reopenUntil} 前申请恢复办理` : ''}，由主管部门决定。</Typography.Paragraph>
      <Input.TextArea aria-label="恢复办理理由" rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请说明未按期确认的原因" />
      <ErrorAlert error={reopen.error} />
      <Button type="primary" style={{ marginTop: 8 }} disabled={reason.trim().length < 2} loading={reopen.isPending} onClick={() => reopen.mutate()}>提交恢复办理申请</Button>
    </Card>
  );
}

function RateCard({ app }: { app: Application }) {
  const key = useIdempotencyKey();
  const [score, setScore] = useState(5);
  const [comment, setComment] = useState('');
  const rate = useMutation({
    mutationFn: () => call(api.POST('/api/v1/applications/{id}/rating', {
      params: { path: { id: app.id } }, body: { score, comment: comment || undefined }, headers: key.headers(),
    })),
    onSettled: key.renew,
  });
  return (
    <Card size="small" title="服务评价" style={{ marginBottom: 12 }}>
      {rate.isSuccess ? (
        <Typography.Text type="success">感谢您的评价！</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Rate value={score} onChange={setScore} aria-label="评分" />
          <Input.TextArea aria-label="评价内容" rows={2} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="办理体验（选填）" />
          <ErrorAlert error={rate.error} />
          <Button type="primary" disabled={score < 1} loading={rate.isPending} onClick={() => rate.mutate()}>提交评价</Button>
        </Space>
      )}
    </Card>
  );
}

function WithdrawCard({ app }: { app: Application }) {
  const refresh = useRefresh(app.id);
  const key = useIdempotencyKey();
  const [reason, setReason] = useState('');
  const withdraw = useMutation({
    mutationFn: () => call(api.POST('/api/v1/applications/{id}/withdraw', {
      params: { path: { id: app.id } }, body: { reason: reason.trim() || '企业撤回' }, headers: key.headers(),
    })),
    onSettled: key.renew,
    onSuccess: refresh,
  });
  const label = app.state === 'pre_qualified' || app.mode === 'no_application' ? '放弃享受' : '撤回申请';
  return (
    <Card size="small" title={label} style={{ marginBottom: 12 }}>
      <Input.TextArea aria-label="撤回原因" rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="原因（选填）" />
      <ErrorAlert error={withdraw.error} />
      <Popconfirm title={`确定${label}？撤回后不可恢复。`} okText="确定" cancelText="取消" onConfirm={() => withdraw.mutate()}>
        <Button danger style={{ marginTop: 8 }} loading={withdraw.isPending}>{label}</Button>
      </Popconfirm>
    </Card>
  );
}
