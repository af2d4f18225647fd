import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface NewAttachmentRow {
  id: string;
  appealId: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
  uploadedAt: Date;
}

export interface AttachmentRow {
  id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: Date;
}

export interface StoredAttachmentRow {
  file_name: string;
  content_type: string;
  sha256: string;
  storage_key: string;
}

/** Every SQL statement of appeal attachments (the rows; the files are in the storage port). */
@Injectable()
export class AttachmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async count(m: EntityManager, appealId: string): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM appeal.attachments WHERE appeal_id = $1`, [appealId]);
    return n;
  }

  async insert(m: EntityManager, a: NewAttachmentRow): Promise<void> {
    await m.query(
      `INSERT INTO appeal.attachments (id, appeal_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_by, uploaded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [a.id, a.appealId, a.fileName, a.contentType, a.sizeBytes, a.sha256, a.storageKey, a.uploadedBy, a.uploadedAt.toISOString()],
    );
  }

  ofAppeal(appealId: string): Promise<AttachmentRow[]> {
    return this.dataSource.query(`SELECT id, file_name, content_type, size_bytes, sha256, uploaded_at FROM appeal.attachments WHERE appeal_id = $1 ORDER BY uploaded_at, id`, [appealId]);
  }

  /** One of the appeal's attachments; null when there is none (or the id is malformed). */
  async find(appealId: string, attachmentId: string): Promise<StoredAttachmentRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(attachmentId)) return null;
    const [row]: StoredAttachmentRow[] = await this.dataSource.query(`SELECT file_name, content_type, sha256, storage_key FROM appeal.attachments WHERE id = $1 AND appeal_id = $2`, [attachmentId, appealId]);
    return row ?? null;
  }
}
