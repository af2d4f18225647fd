import { Alert, Card, Spin, Statistic, Space } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, call } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { createLatestOnly } from '../../lib/latest-only';
import { formatFen } from '../../lib/money';
import type { JsonRule } from '../../lib/rule-json';
import type { BenefitFormula } from '../../api/types';

/** The parts of POST /sandbox/what-if the live count shows (the sandbox's answer has no response schema yet). */
interface WhatIfOutcome {
  eligible: number;
  totalFen: number;
  averageFen: number;
}
interface WhatIfAnswer {
  scenario: WhatIfOutcome;
  diff?: { gained: { count: number; totalFen: number }; lost: { count: number; totalFen: number }; kept: number; deltaEligible: number; deltaFen: number };
  snapshot: { rows: number };
}

interface Scenario {
  rule: JsonRule;
  formula: BenefitFormula;
}

type Json = Record<string, never>;

/** The scenario alone, or — when a version is online — as a change of the online rule and formula (gained/lost firms). */
const whatIf = async ({ online, ...s }: Scenario & { online?: Scenario }) =>
  (await call(
    api.POST('/api/v1/sandbox/what-if', {
      body: online
        ? { base: online as unknown as Json, overrides: { replaceRule: s.rule, replaceFormula: s.formula } as unknown as Json, options: { sampleSize: 0 } as unknown as Json }
        : { base: s as unknown as Json, options: { sampleSize: 0 } as unknown as Json },
    }),
  )) as unknown as WhatIfAnswer;

/**
 * 实时测算: while the rule or formula changes, the number of matching firms and the estimated cost
 * from the sandbox, asked 300 ms after the last change; a slow older answer never replaces a newer one.
 */
export function LiveCount({ rule, formula, online, onError }: Scenario & { online?: Scenario; onError?: (e: unknown) => void }) {
  const [answer, setAnswer] = useState<WhatIfAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;
  const live = useMemo(
    () =>
      createLatestOnly<Scenario & { online?: Scenario }, WhatIfAnswer>({
        delayMs: 300,
        run: whatIf,
        onResult: (a) => {
          setAnswer(a);
          setError(null);
          onErrorRef.current?.(null);
        },
        onError: (e) => {
          setError(e);
          onErrorRef.current?.(e);
        },
        onPending: setPending,
      }),
    [],
  );
  useEffect(() => () => live.cancel(), [live]);
  const key = JSON.stringify({ rule, formula, online });
  useEffect(() => {
    live.request({ rule, formula, online });
  }, [key, live]);

  return (
    <Card size="small" title="实时测算（数据沙盘）" extra={pending ? <Spin size="small" /> : null} aria-live="polite">
      <Space size={32} wrap>
        <Statistic title="符合条件企业" value={answer ? answer.scenario.eligible : '—'} suffix={answer ? '家' : undefined} />
        <Statistic title="预计补贴总额" value={answer ? formatFen(answer.scenario.totalFen) : '—'} />
        <Statistic title="户均" value={answer ? formatFen(answer.scenario.averageFen) : '—'} />
      </Space>
      <div className="live-count-text" style={{ marginTop: 8, color: '#666' }}>
        {answer ? `当前条件下符合 ${answer.scenario.eligible} 家企业（库中共 ${answer.snapshot.rows} 家）` : '正在测算…'}
      </div>
      {answer?.diff && online ? (
        <div className="live-count-diff" style={{ marginTop: 8 }}>
          {`较线上版本：新增 ${answer.diff.gained.count} 家、减少 ${answer.diff.lost.count} 家，${answer.diff.deltaFen === 0 ? '资金不变' : `资金${answer.diff.deltaFen > 0 ? '增加' : '减少'} ${formatFen(Math.abs(answer.diff.deltaFen))}`}`}
        </div>
      ) : null}
      {error ? <Alert style={{ marginTop: 8 }} type="warning" showIcon title={`条件尚未完整，暂无法测算：${errorMessage(error)}`} /> : null}
    </Card>
  );
}
