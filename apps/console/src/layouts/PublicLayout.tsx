import { Button, Layout } from 'antd';
import { Suspense } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { homeFor } from '../app/navigation';
import { useAuth } from '../auth/AuthProvider';
import { PageSpinner } from '../components/PageSpinner';

const SECTIONS = [
  { to: '/policies', label: '政策查询' },
  { to: '/calculator', label: '政策计算器' },
  { to: '/disclosures', label: '兑现公示' },
  { to: '/reception-days', label: '企业家接待日' },
];

/** The public portal (no login): search, policy pages, the calculator and 公示. Works from 375 px up. */
export function PublicLayout() {
  const { user } = useAuth();
  const { pathname } = useLocation();
  const home = pathname === '/';
  const navigate = useNavigate();
  return (
    <Layout className="public-layout">
      <Layout.Header className="site-header">
        <Link to="/" className="brand" aria-label="亲清在线首页">
          <span className="brand-mark">亲清</span>
          <span className="brand-name">惠企政策兑现平台</span>
        </Link>
        {/* Plain links, not antd Menu: the portal's first load stays small (bench:console). */}
        <nav className="site-nav" aria-label="主导航">
          {SECTIONS.map((s) => (
            <NavLink key={s.to} to={s.to} className={({ isActive }) => (isActive || (home && s.to === '/policies') ? 'active' : undefined)}>{s.label}</NavLink>
          ))}
        </nav>
        <div className="site-account">
          {user ? (
            <Button type="primary" size="small" onClick={() => navigate(homeFor(user.role))}>进入工作台</Button>
          ) : pathname === '/login' ? null : (
            <Button size="small" onClick={() => navigate('/login')}>登录</Button>
          )}
        </div>
      </Layout.Header>
      <Layout.Content className="public-content">
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <Layout.Footer className="site-footer">
        亲清在线 · 惠企政策兑现平台（演示）——政策、企业与金额均为演示数据，不作为申报或兑现依据。
      </Layout.Footer>
    </Layout>
  );
}
