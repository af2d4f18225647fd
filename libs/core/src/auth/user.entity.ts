import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from './roles';

@Entity({ schema: 'core', name: 'users' })
export class User {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  username: string;

  @Column('text', { name: 'password_hash', select: false })
  passwordHash: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text')
  role: Role;

  @Column('text', { name: 'department_code', nullable: true })
  departmentCode: string | null;

  @Column('uuid', { name: 'enterprise_id', nullable: true })
  enterpriseId: string | null;

  @Column('boolean')
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ schema: 'core', name: 'departments' })
export class Department {
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;
}
