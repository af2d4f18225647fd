import type { UseQueryResult } from '@tanstack/react-query';
import { Tag, Timeline, Typography } from 'antd';
import { QueryState } from '../../../components/QueryState';
import { formatTime } from '../../../lib/appeals';
import type { TimelineNode } from './types';

const colorOf = (n: TimelineNode) =>
  n.command === 'rate_unsatisfied' || n.command === 'escalate' || n.command === 'send_back' ? 'red' : n.toState === 'closed' ? 'green' : n.fromState === n.toState ? 'gray' : 'blue';

/** 全程时间轴: every step of an appeal, who did it and what they wrote (the firm sees all of it). `outcome` is a code, not shown. */
export function AppealTimeline({ query }: { query: UseQueryResult<TimelineNode[]> }) {
  return (
    <QueryState query={query} isEmpty={(d) => d.length === 0} emptyText="暂无办理记录">
      {(nodes) => (
        <Timeline
          aria-label="办理时间线"
          items={nodes.map((n) => ({
            key: n.step,
            color: colorOf(n),
            content: (
              <div data-testid="timeline-step">
                <Typography.Text strong>{n.commandLabel}</Typography.Text>{' '}
                <Tag>{n.stateLabel}</Tag>
                <div>
                  <Typography.Text type="secondary">
                    {formatTime(n.at)} · {n.actorRoleLabel}
                    {n.department ? ` · ${n.department.name}` : ''}
                  </Typography.Text>
                </div>
                {n.comment ? <div style={{ whiteSpace: 'pre-wrap' }}>{n.comment}</div> : null}
              </div>
            ),
          }))}
        />
      )}
    </QueryState>
  );
}
