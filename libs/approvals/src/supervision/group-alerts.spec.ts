import { OpenStepItem } from './step-board.service';
import { STEPS, StepKey } from './steps';
import { groupAlerts } from './supervision.service';

const item = (id: string, step: StepKey, departmentCode: string, overdue: boolean): OpenStepItem => ({
  applicationId: id, enterpriseName: `企业${id}`, itemName: '事项', departmentCode, step, stepLabel: STEPS[step].label, party: STEPS[step].party,
  ownerRole: STEPS[step].ownerRole, ownerLabel: STEPS[step].ownerLabel, since: '2027-03-01', dueOn: '2027-03-04', limitWorkingDays: 3, elapsedWorkingDays: 4,
  overdue, overdueWorkingDays: overdue ? 1 : 0,
});

describe('staff alerts', () => {
  it('one alert per recipient, kind and step: the department owners, finance without a department, the supervisor for overdue ones', () => {
    const alerts = groupAlerts([
      item('1', 'batch_approval', 'kjj', false), item('2', 'batch_approval', 'kjj', false), item('3', 'accept', 'gxj', true), item('4', 'checking', 'kjj', true),
    ], new Map([['kjj', '科技局'], ['gxj', '工信局']]));
    const key = (a: (typeof alerts)[number]) => `${a.recipientRole}|${a.departmentCode}|${a.kind}|${a.step}|${a.items}`;
    expect(alerts.map(key).sort()).toEqual([
      'dept_reviewer|gxj|escalation|accept|1',
      'dept_reviewer|kjj|reminder|batch_approval|2',
      'finance_checker|null|escalation|checking|1',
      'leader|null|escalation|accept|1',
      'leader|null|escalation|checking|1',
    ]);
    const reminder = alerts.find((a) => a.kind === 'reminder')!;
    expect(reminder.body).toContain('科技局有 2 件「预审通过待批量审核」将于 2027-03-04 到期');
    expect(reminder.applicationIds).toEqual(['1', '2']);
  });
});
