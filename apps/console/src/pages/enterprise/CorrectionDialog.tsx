import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Modal, Space, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { FactDefinition } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorResult';
import { provenanceText, toFactValue, type FactProvenance } from '../../lib/data-corrections';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd';

/**
 * “数据有误？提出异议”: the firm states the value it believes right, why, and (optionally) a proof
 * file; the request goes to the data source's department. The file is uploaded once the request
 * exists; a refused file does not undo the request.
 */
export function CorrectionDialog({
  provenance,
  def,
  currentText,
  onClose,
}: {
  provenance: FactProvenance;
  def: FactDefinition | undefined;
  currentText: string;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [claimed, setClaimed] = useState('');
  const [evidence, setEvidence] = useState('');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [inputError, setInputError] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const submit = useMutation({
    mutationFn: async () => {
      let claimedValue: unknown;
      try {
        claimedValue = toFactValue(claimed, def);
      } catch (e) {
        throw new ApiError(400, 'CLIENT.INVALID', (e as Error).message);
      }
      const created = await call(api.POST('/api/v1/data-corrections', { body: { fact: provenance.fact, claimedValue: claimedValue as never, evidence: evidence.trim() } }));
      const file = files[0]?.originFileObj;
      if (file) {
        const data = new FormData();
        data.append('file', file, file.name);
        try {
          await call(api.POST('/api/v1/data-corrections/{id}/attachment', { params: { path: { id: created.id } }, body: {} as never, bodySerializer: () => data }));
        } catch (e) {
          setUploadError(e instanceof ApiError ? new ApiError(e.status, e.code, `异议已提交，但证明材料“${file.name}”未上传：${e.message}`, e.details) : e);
          return { uploaded: false };
        }
      }
      return { uploaded: true };
    },
    onSuccess: async ({ uploaded }) => {
      await queryClient.invalidateQueries({ queryKey: ['data-corrections'] });
      if (uploaded) onClose();
    },
  });
  const done = submit.isSuccess;
  return (
    <Modal
      title={`对“${provenance.label}”提出数据异议`}
      open
      onCancel={onClose}
      footer={
        done ? (
          <Button onClick={onClose}>关闭</Button>
        ) : (
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" loading={submit.isPending} disabled={evidence.trim().length < 5} onClick={() => submit.mutate()}>
              提交异议
            </Button>
          </Space>
        )
      }
    >
      <ErrorAlert error={submit.error ?? uploadError} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={`当前值：${currentText}`}
        description={`${provenanceText(provenance)}。异议将送数据来源所属部门核实，核实更正后企业档案随之更新。`}
      />
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input
          aria-label="您认为正确的值"
          placeholder={def?.type === 'money' ? '您认为正确的值（元）' : '您认为正确的值'}
          suffix={def?.type === 'money' ? '元' : def?.unit}
          value={claimed}
          status={inputError ? 'error' : undefined}
          onChange={(e) => {
            setClaimed(e.target.value);
            try {
              toFactValue(e.target.value, def);
              setInputError(null);
            } catch (err) {
              setInputError((err as Error).message);
            }
          }}
        />
        {inputError ? <span style={{ color: '#ff4d4f' }}>{inputError}</span> : null}
        <Input.TextArea
          aria-label="异议理由与证据说明"
          placeholder="异议理由与证据说明（至少 5 个字）"
          rows={3}
          maxLength={2000}
          value={evidence}
          onChange={(e) => setEvidence(e.target.value)}
        />
        <Upload accept={ACCEPT} maxCount={1} fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList.slice(-1))}>
          <Button>选择证明材料（可选，PDF/JPG/PNG/OFD，不超过 10MB）</Button>
        </Upload>
      </Space>
    </Modal>
  );
}
