import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning, Principal } from '@app/core';
import type { ScenarioDefinition } from './scenario.types';

export interface SavedScenario {
  id: string;
  ownerId: string;
  ownerName: string | null;
  ownerRole: string;
  departmentCode: string | null;
  name: string;
  description: string | null;
  definition: ScenarioDefinition;
  shared: boolean;
  createdAt: string;
  updatedAt: string;
}

interface ScenarioRow {
  id: string;
  owner_id: string;
  owner_name: string | null;
  owner_role: string;
  department_code: string | null;
  name: string;
  description: string | null;
  definition: ScenarioDefinition;
  shared: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, owner_id, owner_name, owner_role, department_code, name, description, definition, shared, created_at, updated_at`;

function toScenario(r: ScenarioRow): SavedScenario {
  return {
    id: r.id,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    ownerRole: r.owner_role,
    departmentCode: r.department_code,
    name: r.name,
    description: r.description,
    definition: r.definition,
    shared: r.shared,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/**
 * Visibility in SQL, so a list can never leak: admin sees all; everyone sees their own and shared
 * ones; department users also see their department's.
 */
function visibleTo(p: Principal, params: unknown[]): string {
  if (p.role === 'admin') return 'TRUE';
  const me = `$${params.push(p.id)}`;
  if ((p.role === 'dept_editor' || p.role === 'dept_reviewer') && p.departmentCode) {
    return `(owner_id = ${me} OR shared OR department_code = $${params.push(p.departmentCode)})`;
  }
  return `(owner_id = ${me} OR shared)`;
}

@Injectable()
export class ScenariosRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, s: Omit<SavedScenario, 'createdAt' | 'updatedAt'>): Promise<SavedScenario> {
    const rows: ScenarioRow[] = await m.query(
      `INSERT INTO sandbox.scenarios (id, owner_id, owner_name, owner_role, department_code, name, description, definition, shared)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9) RETURNING ${COLUMNS}`,
      [s.id, s.ownerId, s.ownerName, s.ownerRole, s.departmentCode, s.name, s.description, JSON.stringify(s.definition), s.shared],
    );
    return toScenario(rows[0]);
  }

  async findVisible(p: Principal, id: string, m: EntityManager | DataSource = this.dataSource, lock = false): Promise<SavedScenario | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const params: unknown[] = [id];
    const rows: ScenarioRow[] = await m.query(
      `SELECT ${COLUMNS} FROM sandbox.scenarios WHERE id = $1 AND ${visibleTo(p, params)} ${lock ? 'FOR UPDATE' : ''}`,
      params,
    );
    return rows[0] ? toScenario(rows[0]) : null;
  }

  async listVisible(p: Principal, filter: { mine?: boolean; limit: number; offset: number }): Promise<{ items: SavedScenario[]; total: number }> {
    const params: unknown[] = [];
    const where = [visibleTo(p, params)];
    if (filter.mine) where.push(`owner_id = $${params.push(p.id)}`);
    const clause = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM sandbox.scenarios WHERE ${clause}`, params);
    const rows: ScenarioRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sandbox.scenarios WHERE ${clause} ORDER BY updated_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    return { items: rows.map(toScenario), total: total as number };
  }

  async update(m: EntityManager, id: string, patch: { name?: string; description?: string | null; definition?: ScenarioDefinition; shared?: boolean }): Promise<SavedScenario> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    if (patch.name !== undefined) sets.push(`name = $${params.push(patch.name)}`);
    if (patch.description !== undefined) sets.push(`description = $${params.push(patch.description)}`);
    if (patch.definition !== undefined) sets.push(`definition = $${params.push(JSON.stringify(patch.definition))}::jsonb`);
    if (patch.shared !== undefined) sets.push(`shared = $${params.push(patch.shared)}`);
    const rows = await mutateReturning<ScenarioRow>(
      m,
      `UPDATE sandbox.scenarios SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
      params,
    );
    return toScenario(rows[0]);
  }

  async delete(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM sandbox.scenarios WHERE id = $1`, [id]);
  }
}
