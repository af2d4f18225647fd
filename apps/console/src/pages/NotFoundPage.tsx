import { Button } from 'antd';
import { StatusPanel } from '../components/StatusPanel';
import { Link } from 'react-router';

export function NotFoundPage() {
  return <StatusPanel kind="404" title="页面不存在" subTitle="您访问的地址不存在或已移动。" extra={<Link to="/"><Button type="primary">返回首页</Button></Link>} />;
}
