import { defineErrors } from './domain-error';

/** Error catalogue of 平台基础（登录、权限、请求校验）: HTTP status and default Chinese message of every code. */
export const CORE_ERRORS = defineErrors('core', {
  'AUTH.FORBIDDEN': [403, '当前账号不属于任何部门'],
  'AUTH.INVALID_CREDENTIALS': [401, '用户名或密码错误'],
  'AUTH.RATE_LIMITED': [429, '登录尝试过于频繁，请稍后再试'],
  'AUTH.REFRESH_INVALID': [401, '刷新令牌无效或已过期，请重新登录'],
  'AUTH.REFRESH_REUSED': [401, '刷新令牌已被使用过，为安全起见该登录会话已注销，请重新登录'],
  'AUTH.UNAUTHENTICATED': [401, '登录已失效，请重新登录'],
  'HTTP.NOT_FOUND': [404, '资源不存在'],
  'HTTP.PAYLOAD_TOO_LARGE': [413, '请求内容过大'],
  'IDEMPOTENCY.IN_PROGRESS': [409, '使用同一幂等键的请求正在处理中，请稍后重试'],
  'IDEMPOTENCY.KEY_INVALID': [400, '幂等键应为 1–255 个可见 ASCII 字符'],
  'IDEMPOTENCY.KEY_REUSED': [422, '该幂等键已用于另一请求（接口或请求内容不同），请使用新的幂等键'],
  'IDEMPOTENCY.NOT_SUPPORTED': [400, '文件上传接口不支持幂等键'],
  'INTERNAL': [500, '服务器内部错误'],
  'USER.ALREADY_EXISTS': [409, '用户名已存在'],
  'USER.INVALID_PASSWORD': [400, '密码至少 8 位'],
  'USER.INVALID_ROLE': [400, '角色不正确'],
  'USER.INVALID_SCOPE': [400, '部门角色须指定部门，企业用户须指定企业'],
  'USER.INVALID_USERNAME': [400, '用户名须为 3–64 位字母、数字或 _ . @ -'],
  'USER.NOT_FOUND': [404, '用户不存在'],
  'USER.PASSWORD_MISMATCH': [422, '原密码不正确'],
  'USER.PASSWORD_UNCHANGED': [400, '新密码不能与原密码相同'],
  'USER.SELF_CHANGE': [422, '不能停用自己的账号或取消自己的管理员角色'],
  'VALIDATION.FAILED': [400, '请求参数不合法'],
});
