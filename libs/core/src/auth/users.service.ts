import { hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../errors/domain-error';
import { uuid7 } from '../ids/uuid7';
import { DEPARTMENT_SCOPED_ROLES, Principal, Role, ROLES } from './roles';
import { SessionService } from './sessions.service';
import { Department, User } from './user.entity';

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  departmentCode?: string | null;
  enterpriseId?: string | null;
}

/** What an admin may change about an account: each change ends the account's sessions at once. */
export interface UserChange {
  role?: Role;
  departmentCode?: string | null;
  enterpriseId?: string | null;
  active?: boolean;
}

export function toPrincipal(u: User): Principal {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    departmentCode: u.departmentCode,
    enterpriseId: u.enterpriseId,
  };
}

function assertPassword(password: string): void {
  if (password.length < 8) throw new DomainError('USER.INVALID_PASSWORD', '密码至少 8 位');
}

/** A fixed hash to verify against when the user does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Department) private readonly departments: Repository<Department>,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
  ) {}

  async create(input: NewUser, manager?: EntityManager): Promise<User> {
    if (!ROLES.includes(input.role)) throw new DomainError('USER.INVALID_ROLE', `未知角色：${input.role}`);
    if (!/^[A-Za-z0-9_.@-]{3,64}$/.test(input.username)) {
      throw new DomainError('USER.INVALID_USERNAME', '用户名须为 3–64 位字母、数字或 _ . @ -');
    }
    assertPassword(input.password);
    const repo = manager ? manager.getRepository(User) : this.users;
    if (await repo.exists({ where: { username: input.username } })) {
      throw new DomainError('USER.ALREADY_EXISTS', '用户名已存在', { username: input.username });
    }
    const user = repo.create({
      id: uuid7(),
      username: input.username,
      passwordHash: await hash(input.password),
      displayName: input.displayName,
      role: input.role,
      departmentCode: input.departmentCode ?? null,
      enterpriseId: input.enterpriseId ?? null,
      active: true,
    });
    await repo.insert(user);
    return user;
  }

  /** Returns the user when the password matches; null otherwise (same work either way). */
  async checkPassword(username: string, password: string): Promise<User | null> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.username = :username', { username })
      .getOne();
    dummyHash ??= hash('not-a-real-password');
    const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
    return user && user.active && ok ? user : null;
  }

  /**
   * A new password for the caller (who has proved the current one: AuthService). Every session of
   * the account ends (token version bumped) — a stolen session does not survive the owner's change.
   */
  async setPassword(p: Principal, next: string): Promise<void> {
    assertPassword(next);
    const passwordHash = await hash(next);
    await this.users.manager.transaction(async (m) => {
      await m.query(`UPDATE core.users SET password_hash = $2, token_version = token_version + 1, password_changed_at = now() WHERE id = $1`, [p.id, passwordHash]);
      const ended = await this.sessions.revokeAllOf(m, p.id, 'password_changed');
      await this.audit.record({ actor: p, action: 'user.password_change', targetType: 'user', targetId: p.id, details: { sessionsEnded: ended } }, m);
    });
    this.sessions.forgetUser(p.id);
  }

  /** An admin changes an account's role, scope or status; the account's sessions end at once. */
  async update(admin: Principal, id: string, change: UserChange, reason: string): Promise<Principal> {
    if (change.role !== undefined && !ROLES.includes(change.role)) throw new DomainError('USER.INVALID_ROLE', `未知角色：${change.role}`);
    const updated = await this.users.manager.transaction(async (m) => {
      const before = /^[0-9a-f-]{36}$/i.test(id) ? await m.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!before) throw new DomainError('USER.NOT_FOUND', '用户不存在', { id });
      if (before.id === admin.id && (change.active === false || (change.role && change.role !== 'admin'))) {
        throw new DomainError('USER.SELF_CHANGE', '不能停用自己的账号或取消自己的管理员角色');
      }
      const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as UserChange;
      const after: User = { ...before, ...defined };
      const scoped = DEPARTMENT_SCOPED_ROLES.includes(after.role) ? Boolean(after.departmentCode) : after.role === 'enterprise' ? Boolean(after.enterpriseId) : true;
      if (!scoped) throw new DomainError('USER.INVALID_SCOPE', '部门角色须指定部门，企业用户须指定企业', { role: after.role });
      if (after.departmentCode && !(await m.getRepository(Department).exists({ where: { code: after.departmentCode } }))) {
        throw new DomainError('USER.INVALID_SCOPE', '部门不存在', { departmentCode: after.departmentCode });
      }
      await m.query(
        `UPDATE core.users SET role = $2, department_code = $3, enterprise_id = $4, active = $5, token_version = token_version + 1 WHERE id = $1`,
        [id, after.role, after.departmentCode ?? null, after.enterpriseId ?? null, after.active],
      );
      const ended = await this.sessions.revokeAllOf(m, id, 'account_changed');
      const view = (u: User) => ({ role: u.role, departmentCode: u.departmentCode, enterpriseId: u.enterpriseId, active: u.active });
      await this.audit.record({ actor: admin, action: 'user.update', targetType: 'user', targetId: id, before: view(before), after: view(after),
        details: { reason, sessionsEnded: ended, changed: Object.keys(defined) } }, m);
      return after;
    });
    this.sessions.forgetUser(id);
    return toPrincipal(updated);
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOne({ where: { username } });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id } });
  }

  async ensureDepartment(code: string, name: string, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(Department) : this.departments;
    await repo.upsert({ code, name }, ['code']);
  }

  /** All departments; pass the caller's transaction manager when inside one. */
  listDepartments(manager?: EntityManager): Promise<Department[]> {
    return (manager ? manager.getRepository(Department) : this.departments).find({ order: { code: 'ASC' } });
  }
}
