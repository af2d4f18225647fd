import { Badge } from 'antd';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { NoticeInbox, useUnreadNotices } from './shared/NoticeInbox';

/** Where each staff role opens an appeal (the detail route under its own list). */
export function appealPathFor(role: string | undefined, id: string): string {
  switch (role) {
    case 'dept_editor':
    case 'dept_reviewer':
      return `/staff/appeals/handling/${id}`;
    case 'officer':
      return `/staff/appeals/officer/tasks/${id}`;
    default:
      return `/staff/appeals/ledger/${id}`;
  }
}

/** 诉求消息 (staff): 交办通知, 提示函/督办函, 延期, 逐级上报, 每周提醒… addressed to me or my unit. */
export default function NoticesPage() {
  const { user } = useAuth();
  const unread = useUnreadNotices();
  return (
    <>
      <PageHeader
        title={<>诉求消息 <Badge count={unread.data ?? 0} title="未读" style={{ verticalAlign: 'middle' }} /></>}
        description="交办通知、提示函、督办函、延期审批、逐级上报与每周提醒。"
      />
      <NoticeInbox linkTo={(id) => appealPathFor(user?.role, id)} />
    </>
  );
}
