import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { MaterialStorage } from '@app/approvals';
import type { AppealRepository } from '../appeal/appeal.repository';
import { DEFAULT_APPEAL_OPTIONS } from '../appeal.options';
import { appealRow, codeOf, FixedClock, MemoryAppeals, person, recorders, TX, uuid, workflowOver } from '../testing/unit-kit';
import type { AttachmentsRepository, NewAttachmentRow } from './attachments.repository';
import { AttachmentsService } from './attachments.service';

/** AttachmentsRepository's contract in memory. */
class MemoryAttachments {
  readonly rows: NewAttachmentRow[] = [];
  async transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return work(TX);
  }
  async count(_m: unknown, appealId: string) {
    return this.rows.filter((r) => r.appealId === appealId).length;
  }
  async insert(_m: unknown, a: NewAttachmentRow) {
    this.rows.push(a);
  }
  async ofAppeal(appealId: string) {
    return this.rows.filter((r) => r.appealId === appealId)
      .map((r) => ({ id: r.id, file_name: r.fileName, content_type: r.contentType, size_bytes: r.sizeBytes, sha256: r.sha256, uploaded_at: r.uploadedAt }));
  }
  async find(appealId: string, attachmentId: string) {
    const r = this.rows.find((x) => x.id === attachmentId && x.appealId === appealId);
    return r ? { file_name: r.fileName, content_type: r.contentType, sha256: r.sha256, storage_key: r.storageKey } : null;
  }
}

const FIRM = uuid(901);
const PDF = Buffer.from('%PDF-1.4\n营业执照\n%%EOF');

function setup(maxAttachments = 2) {
  const appeals = new MemoryAppeals();
  const attachments = new MemoryAttachments();
  const rec = recorders();
  const files = new Map<string, Buffer>();
  const storage = { put: async (k: string, b: Buffer) => { files.set(k, b); }, get: async (k: string) => files.get(k) ?? null };
  const svc = new AttachmentsService(attachments as unknown as AttachmentsRepository, appeals as unknown as AppealRepository, workflowOver(appeals, rec),
    new FixedClock(new Date('2026-12-03T02:00:00Z')), storage as unknown as MaterialStorage, { ...DEFAULT_APPEAL_OPTIONS, maxAttachments });
  return { svc, appeals, attachments, files };
}

const firm = person('enterprise', { enterpriseId: FIRM });

describe('AttachmentsService (over an in-memory repository)', () => {
  it('stores a checked file with its checksum and notes it on the timeline', async () => {
    const { svc, appeals, attachments, files } = setup();
    const [a] = appeals.add(appealRow({ enterprise_id: FIRM, state: 'in_progress' }));
    const v = await svc.upload(firm, a.id, { originalname: '营业执照.pdf', buffer: PDF });
    expect(v).toMatchObject({ fileName: '营业执照.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') });
    expect(attachments.rows[0]).toMatchObject({ appealId: a.id, storageKey: `${a.id}/${v.id}`, uploadedBy: firm.id });
    expect(files.get(`${a.id}/${v.id}`)).toEqual(PDF);
    expect(appeals.commands(a.id)).toEqual(['attachment']);
    expect((await svc.list(firm, a.id)).map((x) => x.id)).toEqual([v.id]);
    expect((await svc.download(firm, a.id, v.id)).content).toEqual(PDF);
  });

  it('refuses a missing file, a finished appeal, a wrong type and one file too many — no row written', async () => {
    const { svc, appeals, attachments, files } = setup(1);
    const [open, closed] = appeals.add(appealRow({ enterprise_id: FIRM, state: 'in_progress' }), appealRow({ enterprise_id: FIRM, state: 'closed' }));
    expect(await codeOf(svc.upload(firm, open.id, undefined))).toBe('MATERIAL.FILE_REQUIRED');
    expect(await codeOf(svc.upload(firm, closed.id, { originalname: 'a.pdf', buffer: PDF }))).toBe('APPEAL.INVALID_STATE');
    expect(await codeOf(svc.upload(firm, open.id, { originalname: 'a.pdf', buffer: Buffer.from('not a pdf') }))).toBe('MATERIAL.TYPE_NOT_ALLOWED');
    expect(files.size).toBe(0);
    await svc.upload(firm, open.id, { originalname: 'a.pdf', buffer: PDF });
    expect(await codeOf(svc.upload(firm, open.id, { originalname: 'b.pdf', buffer: PDF }))).toBe('ATTACHMENT.TOO_MANY');
    expect(attachments.rows).toHaveLength(1);
  });

  it('another firm gets a 404; a changed or missing file is reported, never handed out', async () => {
    const { svc, appeals, files } = setup();
    const [a] = appeals.add(appealRow({ enterprise_id: FIRM, state: 'in_progress' }));
    const v = await svc.upload(firm, a.id, { originalname: 'a.pdf', buffer: PDF });
    expect(await codeOf(svc.download(person('enterprise', { enterpriseId: uuid(902) }), a.id, v.id))).toBe('APPEAL.NOT_FOUND');
    expect(await codeOf(svc.download(firm, a.id, uuid(1)))).toBe('ATTACHMENT.NOT_FOUND');
    files.set(`${a.id}/${v.id}`, Buffer.from('%PDF-1.4 tampered'));
    expect(await codeOf(svc.download(firm, a.id, v.id))).toBe('ATTACHMENT.CORRUPTED');
    files.clear();
    expect(await codeOf(svc.download(firm, a.id, v.id))).toBe('ATTACHMENT.CORRUPTED');
  });
});
