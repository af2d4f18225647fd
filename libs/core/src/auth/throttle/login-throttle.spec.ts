import { DomainError } from '../../errors/domain-error';
import { MemoryAttemptStore } from './attempt-store';
import { LoginThrottle, throttlePolicy } from './login-throttle';

function setup(limit = 3) {
  let now = 1_000_000;
  const store = new MemoryAttemptStore(() => now);
  const throttle = new LoginThrottle(store, throttlePolicy(limit), (s) => `d(${s})`, () => now);
  return { throttle, advance: (ms: number) => (now += ms) };
}

async function refused(p: Promise<unknown>): Promise<{ scope: string; retryAfterSeconds: number } | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (!(e instanceof DomainError) || e.code !== 'AUTH.RATE_LIMITED') throw e;
    return e.details as { scope: string; retryAfterSeconds: number };
  }
}

describe('LoginThrottle', () => {
  it('locks only the (account, source) pair, with a back-off that doubles', async () => {
    const { throttle, advance } = setup(3);
    for (let i = 0; i < 3; i++) {
      await throttle.check('alice', 'A');
      await throttle.failed('alice', 'A');
    }
    expect(await refused(throttle.check('alice', 'A'))).toEqual({ scope: 'account_source', retryAfterSeconds: 30 });
    expect(await refused(throttle.check('alice', 'B'))).toBeNull();
    expect(await refused(throttle.check('bob', 'A'))).toBeNull();
    advance(30_001);
    await throttle.check('alice', 'A');
    await throttle.failed('alice', 'A');
    expect(await refused(throttle.check('alice', 'A'))).toEqual({ scope: 'account_source', retryAfterSeconds: 60 });
    advance(60_001);
    await throttle.failed('alice', 'A');
    expect((await refused(throttle.check('alice', 'A')))?.retryAfterSeconds).toBe(120);
  });

  it('caps the back-off and forgets a pair on success', async () => {
    const { throttle, advance } = setup(1);
    for (let i = 0; i < 30; i++) await throttle.failed('alice', 'A');
    expect((await refused(throttle.check('alice', 'A')))?.retryAfterSeconds).toBe(3600);
    advance(3600_001);
    await throttle.succeeded('alice', 'A');
    expect(await refused(throttle.check('alice', 'A'))).toBeNull();
  });

  it('guessing one account from many sources closes it to unknown sources, not to a known one', async () => {
    const { throttle } = setup(2);
    await throttle.succeeded('alice', 'home');
    for (let i = 0; i < 10; i++) await throttle.failed('alice', `attacker-${i}`);
    expect((await refused(throttle.check('alice', 'new-place')))?.scope).toBe('account');
    expect(await throttle.check('alice', 'home')).toEqual({ known: true });
  });

  it('guessing many accounts from one source closes that source to accounts it is not known for', async () => {
    const { throttle } = setup(2);
    await throttle.succeeded('carol', 'office');
    for (let i = 0; i < 20; i++) await throttle.failed(`user${i}`, 'office');
    expect((await refused(throttle.check('dave', 'office')))?.scope).toBe('source');
    expect(await throttle.check('carol', 'office')).toEqual({ known: true });
  });

  it('reports the locks a failure starts', async () => {
    const { throttle } = setup(2);
    expect(await throttle.failed('alice', 'A')).toEqual([]);
    const started = await throttle.failed('alice', 'A');
    expect(started.map((s) => s.scope)).toEqual(['account_source']);
  });
});
