import { useQuery } from '@tanstack/react-query';
import { Button, Drawer, Grid, Layout, Menu, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { api, call } from '../api/client';
import { pagesFor } from '../app/navigation';
import { useAuth } from '../auth/AuthProvider';
import { PageSpinner } from '../components/PageSpinner';

/** Enterprise pages, phone first (375 px): a top bar with the menu in a drawer on small screens. */
export function EnterpriseLayout() {
  const { user, logout } = useAuth();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const [open, setOpen] = useState(false);
  const me = useQuery({ queryKey: ['auth', 'me'], queryFn: () => call(api.GET('/api/v1/auth/me')), staleTime: 60_000 });
  if (!user) return null;
  const items = pagesFor('enterprise').map((p) => ({ key: p.path, label: <Link to={p.path} onClick={() => setOpen(false)}>{p.title}</Link> }));
  const wide = Boolean(screens.md);
  return (
    <Layout className="enterprise-layout">
      <Layout.Header className="site-header">
        <Link to="/ent" className="brand"><span className="brand-mark">亲清</span><span className="brand-name">企业服务</span></Link>
        {wide ? <Menu mode="horizontal" selectedKeys={[pathname]} items={items} className="site-menu" /> : <span style={{ flex: 1 }} />}
        {wide ? <Button size="small" onClick={logout}>退出登录</Button> : <Button size="small" onClick={() => setOpen(true)} aria-label="打开菜单">菜单</Button>}
      </Layout.Header>
      <Drawer open={open} onClose={() => setOpen(false)} placement="right" size={260} title={me.data?.displayName ?? user.displayName}>
        <Menu mode="inline" selectedKeys={[pathname]} items={items} />
        <Button block onClick={logout} style={{ marginTop: 16 }}>退出登录</Button>
      </Drawer>
      <Layout.Content className="enterprise-content">
        <Typography.Text type="secondary" data-testid="current-user">{me.data?.displayName ?? user.displayName}</Typography.Text>
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
