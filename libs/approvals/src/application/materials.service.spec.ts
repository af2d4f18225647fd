import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService, DomainError, InMemoryMaterialStorage, Principal } from '@app/core';
import type { ItemVersionRepository } from '@app/policies';
import { DEFAULT_APPROVAL_OPTIONS } from '../approval.options';
import { makeApplicationRow } from '../testing/make-application-row';
import type { ApplicationRepository, NodeInfo } from './application.repository';
import type { ApplicationRow } from './application.types';
import type { CommitmentRow, MaterialRow, MaterialsRepository, NewCommitment, NewMaterial } from './materials.repository';
import { COMMITMENT_TEXTS, CURRENT_COMMITMENT_VERSION, MaterialsService } from './materials.service';

/** approval.materials and approval.commitments in memory. */
class MemoryMaterials {
  rows: NewMaterial[] = [];
  commitments: NewCommitment[] = [];
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work({} as EntityManager);
  }
  async insert(_m: EntityManager, r: NewMaterial) {
    this.rows.push(r);
  }
  async ofApplication(id: string): Promise<MaterialRow[]> {
    return this.rows.filter((r) => r.applicationId === id).map((r) => ({
      id: r.id, material_name: r.materialName, file_name: r.fileName, content_type: r.contentType, size_bytes: r.sizeBytes, sha256: r.sha256,
      uploaded_at: new Date('2027-03-01T02:00:00Z'),
    }));
  }
  async find(appId: string, id: string) {
    const r = this.rows.find((x) => x.applicationId === appId && x.id === id);
    return r ? { file_name: r.fileName, content_type: r.contentType, sha256: r.sha256, storage_key: r.storageKey } : null;
  }
  async commitment(_m: EntityManager, appId: string, v: string): Promise<CommitmentRow | null> {
    const c = this.commitments.find((x) => x.applicationId === appId && x.textVersion === v);
    return c ? { text_sha256: c.textSha256, signed_at: c.signedAt, signer_name: c.signerName } : null;
  }
  async insertCommitment(_m: EntityManager, c: NewCommitment) {
    this.commitments.push(c);
  }
}

const APP = '0190a000-0000-7000-8000-0000000000a1';
const firm: Principal = { id: 'u-firm', username: 'f', displayName: '张经理', role: 'enterprise', departmentCode: null, enterpriseId: 'e1' };
const reviewer: Principal = { id: 'u-rev', username: 'r', displayName: '审核', role: 'dept_reviewer', departmentCode: 'kjj', enterpriseId: null };
const pdf = (text = 'x') => ({ originalname: '营业执照.pdf', buffer: Buffer.from(`%PDF-1.7\n${text}`) });

function setup(app: Partial<ApplicationRow> = {}) {
  const repo = new MemoryMaterials();
  const apps = new Map<string, ApplicationRow>([[APP, makeApplicationRow({ id: APP, state: 'draft', ...app })]]);
  const notes: NodeInfo[] = [];
  const applications = {
    get: async (id: string) => apps.get(id) ?? null,
    note: async (_m: unknown, _id: string, n: NodeInfo) => { notes.push(n); },
  } as unknown as ApplicationRepository;
  const audits: Array<{ action: string }> = [];
  const audit = { record: async (e: { action: string }) => { audits.push(e); } } as unknown as AuditService;
  const storage = new InMemoryMaterialStorage();
  const versions = { byId: async () => ({ materials: ['营业执照', '参保证明'] }) } as unknown as ItemVersionRepository;
  const service = new MaterialsService(repo as unknown as MaterialsRepository, applications, audit, storage, DEFAULT_APPROVAL_OPTIONS, versions);
  return { service, repo, apps, notes, audits, storage };
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

describe('MaterialsService.upload', () => {
  it('stores a listed material with its checksum, notes it on the timeline and audits it', async () => {
    const { service, repo, storage, notes, audits } = setup();
    const file = pdf();
    const view = await service.upload(firm, APP, '营业执照', file);
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    expect(view).toMatchObject({ materialName: '营业执照', fileName: '营业执照.pdf', contentType: 'application/pdf', sizeBytes: file.buffer.length, sha256 });
    expect(repo.rows).toEqual([expect.objectContaining({ id: view.id, applicationId: APP, storageKey: `${APP}/${view.id}`, uploadedBy: 'u-firm' })]);
    expect(storage.files.get(`${APP}/${view.id}`)?.equals(file.buffer)).toBe(true);
    expect(notes[0]).toMatchObject({ outcome: 'material_uploaded', details: { sha256 } });
    expect(audits.map((a) => a.action)).toEqual(['application.material_upload']);
  });

  it('takes in a draft only the materials the item lists; after a return, the supplement asked for too', async () => {
    const draft = setup();
    expect(await code(draft.service.upload(firm, APP, '其他材料', pdf()))).toBe('MATERIAL.NAME_INVALID');
    expect(draft.repo.rows).toEqual([]);
    const returned = setup({ state: 'returned' });
    expect(await code(returned.service.upload(firm, APP, '补充说明', pdf()))).toBe('resolved');
  });

  it('refuses staff, a missing file, a file of another type and an application past editing, storing nothing', async () => {
    const { service, repo, storage, apps } = setup();
    expect(await code(service.upload(reviewer, APP, '营业执照', pdf()))).toBe('AUTH.FORBIDDEN');
    expect(await code(service.upload(firm, APP, '营业执照', undefined))).toBe('MATERIAL.FILE_REQUIRED');
    expect(await code(service.upload(firm, APP, '营业执照', { originalname: 'a.exe', buffer: Buffer.from('MZ') }))).toBe('MATERIAL.TYPE_NOT_ALLOWED');
    apps.set(APP, { ...apps.get(APP)!, state: 'submitted' });
    expect(await code(service.upload(firm, APP, '营业执照', pdf()))).toBe('APPLICATION.INVALID_STATE');
    expect(repo.rows).toEqual([]);
    expect(storage.files.size).toBe(0);
  });
});

describe('MaterialsService.download', () => {
  it('hands out a stored file after checking it against its checksum', async () => {
    const { service, storage } = setup();
    const file = pdf('原件');
    const { id } = await service.upload(firm, APP, '营业执照', file);
    expect((await service.download(firm, APP, id)).content.equals(file.buffer)).toBe(true);
    await storage.put(`${APP}/${id}`, Buffer.from('%PDF-1.7\ntampered'));
    expect(await code(service.download(firm, APP, id))).toBe('MATERIAL.CORRUPTED');
  });

  it('answers MATERIAL.NOT_FOUND for an unknown or malformed material id', async () => {
    const { service } = setup();
    expect(await code(service.download(firm, APP, 'nope'))).toBe('MATERIAL.NOT_FOUND');
    expect(await code(service.download(firm, APP, '0190a000-0000-7000-8000-0000000000ff'))).toBe('MATERIAL.NOT_FOUND');
  });
});

describe('MaterialsService.commit', () => {
  it('records the signer, the text version and its digest once; signing again answers the same signature', async () => {
    const { service, repo, audits } = setup();
    const first = await service.commit(firm, APP, CURRENT_COMMITMENT_VERSION);
    const digest = createHash('sha256').update(COMMITMENT_TEXTS[CURRENT_COMMITMENT_VERSION]).digest('hex');
    expect(first).toMatchObject({ textVersion: CURRENT_COMMITMENT_VERSION, textSha256: digest, signer: '张经理' });
    expect(await service.commit(firm, APP, CURRENT_COMMITMENT_VERSION)).toEqual(first);
    expect(repo.commitments).toHaveLength(1);
    expect(audits).toHaveLength(1);
  });

  it('refuses a stale text version and an application past editing', async () => {
    const { service, repo, apps } = setup();
    expect(await code(service.commit(firm, APP, 'XYCN-2025.1'))).toBe('COMMITMENT.STALE');
    apps.set(APP, { ...apps.get(APP)!, state: 'approved' });
    expect(await code(service.commit(firm, APP, CURRENT_COMMITMENT_VERSION))).toBe('APPLICATION.INVALID_STATE');
    expect(repo.commitments).toEqual([]);
  });
});
