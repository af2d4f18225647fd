import { GroupRoutes } from '../GroupRoutes';
import DashboardPage from './DashboardPage';
import SandboxPage from './SandboxPage';

/** The leader pages (驾驶舱, 数据沙盘), loaded as one chunk when a leader first opens one. */
export default function LeaderRoutes() {
  return <GroupRoutes group="leader" pages={{ '/staff/leader/dashboard': <DashboardPage />, '/staff/leader/sandbox': <SandboxPage /> }} />;
}
