import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, Row, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { afterLogin } from '../app/navigation';
import { useAuth } from '../auth/AuthProvider';
import { ErrorAlert } from '../components/ErrorResult';

/** Login for enterprises and staff. In the demo mode (npm start) the demo accounts are listed to pick from. */
export default function LoginPage() {
  const { user, login } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const demo = useQuery({ queryKey: ['demo', 'accounts'], queryFn: () => call(api.GET('/api/v1/demo/accounts')), staleTime: Infinity, retry: false });
  useEffect(() => {
    document.title = '登录 · 亲清在线';
  }, []);
  // Already signed in when the page opened: go on. (After a login here, submit() navigates.)
  const [signedInOnArrival] = useState(() => user);
  if (signedInOnArrival) return <Navigate to={afterLogin(signedInOnArrival.role, params.get('next'))} replace />;

  const submit = async (v: { username: string; password: string }) => {
    setError(null);
    setBusy(true);
    try {
      const u = await login(v.username.trim(), v.password);
      navigate(afterLogin(u.role, params.get('next')), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={[24, 24]} justify="center" style={{ paddingTop: 24 }}>
      <Col xs={24} sm={20} md={10} lg={8}>
        <Card title={<h1 className="page-title" style={{ margin: 0 }}>登录亲清在线</h1>}>
          {params.get('expired') ? <Alert type="warning" showIcon title="登录已过期，请重新登录" style={{ marginBottom: 16 }} role="alert" /> : null}
          {params.get('loggedOut') ? <Alert type="success" showIcon title="您已安全退出" style={{ marginBottom: 16 }} /> : null}
          <ErrorAlert error={error} />
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>登录</Button>
          </Form>
        </Card>
      </Col>
      {demo.data?.enabled ? (
        <Col xs={24} md={14} lg={12}>
          <Card title="演示账号" size="small" extra={<Typography.Text type="secondary">密码均为 {demo.data.password}</Typography.Text>}>
            <Table
              size="small"
              rowKey="username"
              pagination={false}
              dataSource={demo.data.accounts}
              scroll={{ y: 360 }}
              columns={[
                { title: '角色', dataIndex: 'roleLabel', width: 110 },
                { title: '账号', dataIndex: 'username', width: 140 },
                { title: '名称', dataIndex: 'displayName', ellipsis: true },
                {
                  title: '',
                  key: 'use',
                  width: 72,
                  render: (_, a) => (
                    <Button size="small" onClick={() => form.setFieldsValue({ username: a.username, password: demo.data?.password ?? '' })} aria-label={`使用 ${a.username}`}>
                      使用
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      ) : null}
    </Row>
  );
}
