import { hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { uuid7 } from '../ids/uuid7';
import { Principal, Role, ROLES } from './roles';
import { Department, User } from './user.entity';

export interface NewUser {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  departmentCode?: string | null;
  enterpriseId?: string | null;
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

/** A fixed hash to verify against when the user does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Department) private readonly departments: Repository<Department>,
  ) {}

  async create(input: NewUser, manager?: EntityManager): Promise<User> {
    if (!ROLES.includes(input.role)) throw new DomainError('USER.INVALID_ROLE', `未知角色：${input.role}`);
    if (!/^[A-Za-z0-9_.@-]{3,64}$/.test(input.username)) {
      throw new DomainError('USER.INVALID_USERNAME', '用户名须为 3–64 位字母、数字或 _ . @ -');
    }
    if (input.password.length < 8) throw new DomainError('USER.INVALID_PASSWORD', '密码至少 8 位');
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
