import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal, Role } from './roles';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** No login needed (health, login, 公示 pages, policy calculator). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the handler (admin always may). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ user: Principal }>().user;
});
