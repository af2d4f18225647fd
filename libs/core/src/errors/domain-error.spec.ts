import { BadRequestException } from '@nestjs/common';
import { defineErrors, DomainError, errorCatalogue, statusOf } from './domain-error';
import { DomainErrorFilter } from './domain-error.filter';
import './core.errors';

describe('error catalogue', () => {
  const TEST = defineErrors('test', {
    'X.TEAPOT': [418, '我是茶壶'],
    'X.GONE': [410, '已经没有了'],
  });

  it('gives each catalogued code its stated status and default message', () => {
    expect(statusOf('X.TEAPOT')).toBe(418);
    expect(statusOf('AUTH.RATE_LIMITED')).toBe(429);
    expect(new DomainError('X.GONE').message).toBe(TEST['X.GONE'][1]);
    expect(new DomainError('X.GONE', '这一条的具体说明').message).toBe('这一条的具体说明');
    expect(errorCatalogue().get('X.TEAPOT')).toEqual({ status: 418, message: '我是茶壶', lib: 'test' });
  });

  it('refuses a code defined by two libs', () => {
    expect(() => defineErrors('other', { 'X.TEAPOT': [400, '重复'] })).toThrow(/defined by both test and other/);
  });

  it('answers 422 for an uncatalogued code (the catalogue test keeps these out)', () => {
    expect(statusOf('NOT.CATALOGUED')).toBe(422);
  });

  it('renders the body {code, message, details}', () => {
    const f = new DomainErrorFilter();
    expect(f.toBody(new DomainError('X.TEAPOT', '茶壶不存在', { id: 'p1' }))).toEqual([418, { code: 'X.TEAPOT', message: '茶壶不存在', details: { id: 'p1' } }]);
    const [status, body] = f.toBody(new BadRequestException(['name must be a string']));
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION.FAILED');
    expect(body.details).toEqual({ errors: ['name must be a string'] });
    expect(f.toBody(new Error('db password is hunter2'))).toEqual([500, { code: 'INTERNAL', message: '服务器内部错误' }]);
  });
});
