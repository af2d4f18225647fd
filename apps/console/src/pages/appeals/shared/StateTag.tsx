import { Tag } from 'antd';
import { stateColor } from '../../../lib/appeals';

export function StateTag({ state, label, overdue }: { state: string; label: string; overdue?: boolean }) {
  return (
    <>
      <Tag color={stateColor(state)}>{label}</Tag>
      {overdue ? <Tag color="red">超期</Tag> : null}
    </>
  );
}
