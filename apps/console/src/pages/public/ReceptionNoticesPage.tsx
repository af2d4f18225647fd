import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Pagination, Space, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePageParams } from '../../components/usePageParams';
import { chinaDay } from '../../lib/appeals';
import { registrationClosedReason, seatsLeft } from '../../lib/reception';

const ENT_PAGE = '/ent/reception';

/** 企业家接待日公告 (no login): upcoming reception days, the leaders receiving, theme, place and places left. */
export default function ReceptionNoticesPage() {
  const notices = useQuery({ queryKey: ['public', 'reception-days'], queryFn: () => call(api.GET('/api/v1/reception-days/notices')) });
  const { user } = useAuth();
  const navigate = useNavigate();
  const { page, pageSize, pagination } = usePageParams(10);
  const today = chinaDay(new Date());
  useEffect(() => {
    document.title = '企业家接待日 · 亲清在线';
  }, []);
  const signUp = () => navigate(user?.role === 'enterprise' ? ENT_PAGE : `/login?next=${encodeURIComponent(ENT_PAGE)}`);
  return (
    <>
      <PageHeader title="企业家接待日" description="市、区领导轮值接待企业家，面对面听取企业诉求。企业登录后可在线报名并填写拟反映的问题，名额有限，额满即止。" />
      <QueryState query={notices} isEmpty={(d) => d.length === 0} emptyText="近期没有安排接待日">
        {(rows) => {
          const pg = pagination(rows.length);
          return (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              {rows.slice((page - 1) * pageSize, page * pageSize).map((d) => {
                const closed = registrationClosedReason(d, today);
                return (
                  <Card
                    key={d.id}
                    data-testid="reception-notice"
                    title={<Space wrap size={4}><span>{d.title}</span><Tag color="blue">{d.kindLabel}</Tag></Space>}
                    extra={closed ? <Tag>{closed}</Tag> : <Button type="primary" onClick={signUp}>登录报名</Button>}
                  >
                    <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                      <Descriptions.Item label="日期">{d.heldOn}</Descriptions.Item>
                      <Descriptions.Item label="接待领导">{d.host}</Descriptions.Item>
                      <Descriptions.Item label="主题">{d.theme ?? '不限'}</Descriptions.Item>
                      <Descriptions.Item label="地点">{d.location}</Descriptions.Item>
                      <Descriptions.Item label="剩余名额">{`${seatsLeft(d)} / ${d.capacity}`}</Descriptions.Item>
                      <Descriptions.Item label="报名截止">{d.registrationDeadline}</Descriptions.Item>
                    </Descriptions>
                    {d.notice ? <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0, whiteSpace: 'pre-wrap' }}>{d.notice}</Typography.Paragraph> : null}
                  </Card>
                );
              })}
              {rows.length > pageSize ? <Pagination current={pg.current} pageSize={pg.pageSize} total={pg.total} showTotal={pg.showTotal} onChange={pg.onChange} align="center" size="small" /> : null}
            </Space>
          );
        }}
      </QueryState>
    </>
  );
}

