import { Badge } from 'antd';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { NoticeInbox, useUnreadNotices } from '../../appeals/shared/NoticeInbox';

/** 诉求消息 (enterprise, 375 px first): answers, second supervision, published policies about the firm's appeals. */
export default function MyAppealNoticesPage() {
  const unread = useUnreadNotices();
  return (
    <>
      <PageHeader title={<>诉求消息 <Badge count={unread.data ?? 0} title="未读" style={{ verticalAlign: 'middle' }} /></>} extra={<Link to="/ent/appeals">返回我的诉求</Link>} />
      <NoticeInbox linkTo={(id) => `/ent/appeals/${id}`} />
    </>
  );
}
