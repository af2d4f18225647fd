import { describe, expect, it } from 'vitest';
import { ApiError, errorDetails, errorMessage, NETWORK_ERROR_MESSAGE, toApiError } from './errors';

describe('API errors shown to people', () => {
  it('keeps the API code and its Chinese message', () => {
    const e = toApiError(404, { code: 'POLICY.NOT_FOUND', message: '政策不存在或尚未发布', details: { id: 'x' } });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code, errorMessage(e)]).toEqual([404, 'POLICY.NOT_FOUND', '政策不存在或尚未发布']);
  });

  it('falls back to a Chinese message by status when the body is not the API’s', () => {
    expect(errorMessage(toApiError(502, '<html>Bad gateway</html>'))).toBe('服务器暂时无法处理请求，请稍后重试');
    expect(errorMessage(toApiError(429, undefined))).toBe('操作过于频繁，请稍后再试');
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe(NETWORK_ERROR_MESSAGE);
  });

  it('lists validation details', () => {
    const e = toApiError(400, { code: 'CALCULATOR.INVALID_FACTS', message: '输入的企业信息有误', details: { errors: [{ fact: 'x', message: '未知的条件项“x”' }, 'pageSize must not be greater than 200'] } });
    expect(errorDetails(e)).toEqual(['未知的条件项“x”', 'pageSize must not be greater than 200']);
  });
});
