import { DomainError } from '../errors/domain-error';
import { LoginRateLimiter } from './login-rate-limiter';

describe('LoginRateLimiter', () => {
  it('blocks after the limit within the window and frees after it', () => {
    let now = 0;
    const l = new LoginRateLimiter(3, 1000, () => now);
    for (let i = 0; i < 3; i++) {
      l.check(['u:alice']);
      l.fail(['u:alice']);
    }
    expect(() => l.check(['u:alice'])).toThrow(DomainError);
    expect(() => l.check(['u:bob'])).not.toThrow();
    now = 1001;
    expect(() => l.check(['u:alice'])).not.toThrow();
  });

  it('resets on success', () => {
    const l = new LoginRateLimiter(2, 1000, () => 0);
    l.fail(['k']);
    l.succeed(['k']);
    l.fail(['k']);
    expect(() => l.check(['k'])).not.toThrow();
  });
});
