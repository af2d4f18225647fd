import { DomainError } from '../errors/domain-error';

/** Accepted material types, recognised by content (magic bytes), not by the name or the declared type. */
export const MATERIAL_TYPES = {
  pdf: { contentType: 'application/pdf', magic: [Buffer.from('%PDF-')] },
  jpg: { contentType: 'image/jpeg', magic: [Buffer.from([0xff, 0xd8, 0xff])] },
  png: { contentType: 'image/png', magic: [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])] },
  // OFD (GB/T 33190) is a ZIP container.
  ofd: { contentType: 'application/ofd', magic: [Buffer.from([0x50, 0x4b, 0x03, 0x04])] },
} as const;
export type MaterialType = keyof typeof MATERIAL_TYPES;

const EXTENSIONS: Record<string, MaterialType> = { pdf: 'pdf', jpg: 'jpg', jpeg: 'jpg', png: 'png', ofd: 'ofd' };

/**
 * Checks an upload against the whitelist and the size limit: the extension must be pdf/jpg/png/ofd
 * AND the content must start like that type. Returns the type.
 */
export function checkMaterialFile(fileName: string, content: Buffer, maxBytes: number): MaterialType {
  if (content.length === 0) throw new DomainError('MATERIAL.FILE_EMPTY', '文件为空');
  if (content.length > maxBytes) {
    throw new DomainError('MATERIAL.FILE_TOO_LARGE', `文件超过 ${Math.floor(maxBytes / 1024 / 1024)}MB`, { maxBytes, size: content.length });
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const type = EXTENSIONS[ext];
  if (!type) throw new DomainError('MATERIAL.TYPE_NOT_ALLOWED', '仅支持 PDF、JPG、PNG、OFD 格式', { fileName });
  if (!MATERIAL_TYPES[type].magic.some((m) => content.subarray(0, m.length).equals(m))) {
    throw new DomainError('MATERIAL.TYPE_NOT_ALLOWED', `文件内容不是有效的 ${type.toUpperCase()} 文件`, { fileName });
  }
  return type;
}

/**
 * The uploaded file's name as the user typed it: multer hands multipart file names over as latin1,
 * so a UTF-8 name (参保证明.pdf) arrives garbled; decoded back when it is valid UTF-8.
 */
export function uploadedFileName(originalname: string): string {
  if (!/[\u0080-\u00ff]/.test(originalname) || /[^\u0000-\u00ff]/.test(originalname)) return originalname;
  const decoded = Buffer.from(originalname, 'latin1').toString('utf8');
  return decoded.includes('\uFFFD') ? originalname : decoded;
}
