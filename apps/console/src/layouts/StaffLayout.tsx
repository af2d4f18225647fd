import { useQuery } from '@tanstack/react-query';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Suspense, useEffect } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { api, call } from '../api/client';
import { menuFor, ROLE_LABELS } from '../app/navigation';
import { useAuth } from '../auth/AuthProvider';
import { PageSpinner } from '../components/PageSpinner';

/** Staff pages (departments, finance, leaders, auditors), laid out for 1280 px: menu by role on the left. */
export function StaffLayout() {
  const { user, logout } = useAuth();
  const { pathname } = useLocation();
  // Confirms the stored session with the API on entry; a 401 here ends it (see api/client.ts).
  const me = useQuery({ queryKey: ['auth', 'me'], queryFn: () => call(api.GET('/api/v1/auth/me')), staleTime: 60_000 });
  useEffect(() => {
    document.title = '工作台 · 亲清在线';
  }, []);
  if (!user) return null;
  const items = menuFor(user.role).map((s) => ({
    type: 'group' as const,
    key: s.section,
    label: s.section,
    children: s.pages.map((p) => ({ key: p.path, label: <Link to={p.path}>{p.title}</Link> })),
  }));
  return (
    <Layout className="staff-layout">
      <Layout.Sider width={220} theme="light" className="staff-sider">
        <Link to="/" className="brand staff-brand"><span className="brand-mark">亲清</span><span className="brand-name">工作台</span></Link>
        <Menu mode="inline" selectedKeys={[pathname]} items={items} aria-label="功能导航" />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="staff-header">
          <Space>
            <Typography.Text strong data-testid="current-user">{me.data?.displayName ?? user.displayName}</Typography.Text>
            <Tag color="blue">{ROLE_LABELS[user.role]}</Tag>
            {user.departmentCode ? <Tag>{user.departmentCode}</Tag> : null}
          </Space>
          <Button onClick={logout}>退出登录</Button>
        </Layout.Header>
        <Layout.Content className="staff-content">
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
