import { FakeVerificationSender, VerificationSender } from '@app/approvals';
import { AppConfig, loadConfig, Principal } from '@app/core';
import { DemoSmsController } from './demo-sms.controller';

const firm: Principal = { id: 'u1', username: 'firm1', displayName: '企业', role: 'enterprise', departmentCode: null, enterpriseId: 'e1' };

describe('demo SMS inbox', () => {
  it('shows the fake gateway\'s last code per phone and per firm in the demo mode', async () => {
    const fake = new FakeVerificationSender();
    await fake.sendToPhone('13912345678', '123456', 'objection_contact');
    await fake.send('e1', '654321', 'account_change');
    const c = new DemoSmsController({ ...loadConfig({}), seedDemo: true } as AppConfig, fake);
    expect(c.byPhone({ phone: '13912345678' })).toEqual({ enabled: true, code: '123456' });
    expect(c.byPhone({ phone: '13900000000' })).toEqual({ enabled: true, code: null });
    expect(c.mine(firm)).toEqual({ enabled: true, code: '654321' });
    expect(c.mine({ ...firm, enterpriseId: 'e2' })).toEqual({ enabled: true, code: null });
  });

  it('never shows a code outside the demo mode or with a real gateway', async () => {
    const fake = new FakeVerificationSender();
    await fake.sendToPhone('13912345678', '123456', 'objection_contact');
    expect(new DemoSmsController(loadConfig({}), fake).byPhone({ phone: '13912345678' })).toEqual({ enabled: false, code: null });
    const real: VerificationSender = { send: async () => undefined, sendToPhone: async () => undefined };
    expect(new DemoSmsController({ ...loadConfig({}), seedDemo: true } as AppConfig, real).byPhone({ phone: '13912345678' })).toEqual({ enabled: false, code: null });
  });
});
