import { defineErrors } from './domain-error';

/** Error catalogue of 平台基础（登录、权限、请求校验）: HTTP status and default Chinese message of every code. */
export const CORE_ERRORS = defineErrors('core', {
  'AUTH.FORBIDDEN': [403, '当前账号不属于任何部门'],
  'AUTH.INVALID_CREDENTIALS': [401, '用户名或密码错误'],
  'AUTH.RATE_LIMITED': [429, '登录尝试过于频繁，请稍后再试'],
  'AUTH.UNAUTHENTICATED': [401, '登录已失效，请重新登录'],
  'HTTP.NOT_FOUND': [404, '资源不存在'],
  'HTTP.PAYLOAD_TOO_LARGE': [413, '请求内容过大'],
  'INTERNAL': [500, '服务器内部错误'],
  'USER.ALREADY_EXISTS': [409, '用户名已存在'],
  'USER.INVALID_PASSWORD': [400, '密码至少 8 位'],
  'USER.INVALID_ROLE': [400, '角色不正确'],
  'USER.INVALID_USERNAME': [400, '用户名须为 3–64 位字母、数字或 _ . @ -'],
  'VALIDATION.FAILED': [400, '请求参数不合法'],
});
