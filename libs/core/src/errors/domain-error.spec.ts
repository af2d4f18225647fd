import { BadRequestException } from '@nestjs/common';
import { DomainError, registerErrorStatus, statusOf } from './domain-error';
import { DomainErrorFilter } from './domain-error.filter';

describe('DomainError status mapping', () => {
  it.each([
    ['POLICY.NOT_FOUND', 404],
    ['AUTH.INVALID_CREDENTIALS', 401],
    ['AUTH.RATE_LIMITED', 429],
    ['APPLICATION.INVALID_STATE', 409],
    ['ENTERPRISE.ALREADY_EXISTS', 409],
    ['VALIDATION.FAILED', 400],
    ['ENTERPRISE.INVALID_CREDIT_CODE', 400],
    ['PAYOUT.POOL_EXHAUSTED', 422],
    ['IMPORT.FILE_REQUIRED', 400],
    ['IMPORT.UNSUPPORTED_FORMAT', 400],
    ['POLICY.IMPORT_INVALID', 400],
    ['POLICY.IMPORT_TOO_LARGE', 413],
  ])('%s → %i', (code, status) => expect(statusOf(code)).toBe(status));

  it('honours a registered status', () => {
    registerErrorStatus('X.TEAPOT', 418);
    expect(statusOf('X.TEAPOT')).toBe(418);
  });

  it('renders the body {code, message, details}', () => {
    const f = new DomainErrorFilter();
    expect(f.toBody(new DomainError('POLICY.NOT_FOUND', '政策不存在', { id: 'p1' }))).toEqual([
      404,
      { code: 'POLICY.NOT_FOUND', message: '政策不存在', details: { id: 'p1' } },
    ]);
    const [status, body] = f.toBody(new BadRequestException(['name must be a string']));
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION.FAILED');
    expect(body.details).toEqual({ errors: ['name must be a string'] });
    expect(f.toBody(new Error('db password is hunter2'))).toEqual([500, { code: 'INTERNAL', message: '服务器内部错误' }]);
  });
});
