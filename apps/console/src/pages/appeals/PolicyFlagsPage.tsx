import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Radio } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorResult';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { FlagList } from './PolicyThemesPage';

/** 共性诉求提示 (department): themes the supervisors pushed to this unit; acknowledge each. */
export default function PolicyFlagsPage() {
  const [status, setStatus] = useState<'open' | 'acknowledged' | undefined>('open');
  const qc = useQueryClient();
  const flags = useQuery({ queryKey: ['appeals', 'flags', status], queryFn: () => call(api.GET('/api/v1/appeals/policy-flags', { params: { query: { status } } })) });
  const ack = useMutation({
    mutationFn: (flagId: string) => call(api.POST('/api/v1/appeals/policy-flags/{flagId}/acknowledge', { params: { path: { flagId } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['appeals', 'flags'] }),
  });
  return (
    <>
      <PageHeader title="共性诉求提示" description="多家企业反映的共性问题，请在制定或修订政策时研究（未诉先办）。" />
      <Radio.Group
        optionType="button"
        value={status ?? 'all'}
        onChange={(e) => setStatus(e.target.value === 'all' ? undefined : (e.target.value as 'open' | 'acknowledged'))}
        options={[{ value: 'open', label: '待确认' }, { value: 'acknowledged', label: '已确认' }, { value: 'all', label: '全部' }]}
        style={{ marginBottom: 16 }}
      />
      <ErrorAlert error={ack.error} />
      <QueryState query={flags} isEmpty={(d) => d.length === 0} emptyText="暂无提示">
        {(rows) => <FlagList query={rows} onAcknowledge={(id) => ack.mutate(id)} pending={ack.isPending} />}
      </QueryState>
    </>
  );
}
