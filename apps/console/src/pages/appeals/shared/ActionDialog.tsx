import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { ErrorAlert } from '../../../components/ErrorResult';

export type Field =
  | { kind: 'text'; name: string; label: string; required?: boolean; min?: number; max?: number; rows?: number; placeholder?: string; extra?: ReactNode }
  | { kind: 'select'; name: string; label: string; required?: boolean; multiple?: boolean; options: Array<{ value: string; label: string }>; extra?: ReactNode }
  | { kind: 'radio'; name: string; label: string; required?: boolean; options: ReadonlyArray<{ value: string; label: string }> }
  | { kind: 'number'; name: string; label: string; required?: boolean; min: number; max: number; suffix?: string; extra?: ReactNode };

export type Values = Record<string, unknown>;

/**
 * One step on an appeal as a button that opens a small form: required fields checked in the
 * browser with the API's own length limits, the API's Chinese error above the form on refusal,
 * and the appeal's queries refreshed on success.
 */
export function ActionDialog<T>({
  label,
  title,
  fields,
  initial,
  submit,
  onDone,
  danger,
  primary,
  okText = '确定',
  intro,
  requiredWhen,
}: {
  label: string;
  title?: string;
  fields: Field[];
  initial?: Values;
  submit: (v: Values) => Promise<T>;
  onDone?: (result: T) => void;
  danger?: boolean;
  primary?: boolean;
  okText?: string;
  intro?: ReactNode;
  /** Makes a field required depending on the others (e.g. a comment when not satisfied). */
  requiredWhen?: (name: string, values: Values) => boolean;
}) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) ?? {};
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: submit,
    onSuccess: async (result) => {
      setOpen(false);
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ['appeals'] });
      onDone?.(result);
    },
  });
  const required = (f: Field) => Boolean(f.required) || Boolean(requiredWhen?.(f.name, values));
  return (
    <>
      <Button type={primary ? 'primary' : 'default'} danger={danger} onClick={() => { run.reset(); setOpen(true); }}>
        {label}
      </Button>
      <Modal
        title={title ?? label}
        open={open}
        onCancel={() => setOpen(false)}
        okText={okText}
        cancelText="取消"
        confirmLoading={run.isPending}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {intro}
        <ErrorAlert error={run.error} />
        <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => run.mutate(v)} preserve={false}>
          {fields.map((f) => {
            const rules = [{ required: required(f), message: `请填写${f.label}` }];
            if (f.kind === 'text')
              return (
                <Form.Item key={f.name} name={f.name} label={f.label} extra={f.extra} rules={[...rules, ...(f.min ? [{ min: f.min, message: `${f.label}至少 ${f.min} 个字` }] : []), { max: f.max ?? 5000, message: `${f.label}最多 ${f.max ?? 5000} 个字` }]}>
                  <Input.TextArea rows={f.rows ?? 3} placeholder={f.placeholder} />
                </Form.Item>
              );
            if (f.kind === 'select')
              return (
                <Form.Item key={f.name} name={f.name} label={f.label} extra={f.extra} rules={rules}>
                  <Select mode={f.multiple ? 'multiple' : undefined} options={f.options} showSearch optionFilterProp="label" allowClear aria-label={f.label} />
                </Form.Item>
              );
            if (f.kind === 'radio')
              return (
                <Form.Item key={f.name} name={f.name} label={f.label} rules={rules}>
                  <Radio.Group options={f.options.map((o) => ({ value: o.value, label: o.label }))} />
                </Form.Item>
              );
            return (
              <Form.Item key={f.name} name={f.name} label={f.label} extra={f.extra} rules={rules}>
                <InputNumber min={f.min} max={f.max} precision={0} suffix={f.suffix} style={{ width: 200 }} />
              </Form.Item>
            );
          })}
        </Form>
      </Modal>
    </>
  );
}

/** Strips empty strings and undefined so optional fields are left out of the request. */
export function compact<T extends Values>(v: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== null && x !== '' && !(Array.isArray(x) && x.length === 0)) (out as Values)[k] = typeof x === 'string' ? x.trim() : x;
  return out;
}
