import { DomainError } from '../errors/domain-error';
import { checkMaterialFile } from './file-type';
import { InMemoryMaterialStorage } from './material-storage.port';

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(100, 1)]);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('material file checks', () => {
  it('accepts whitelisted types recognised by their content', () => {
    expect(checkMaterialFile('审计报告.PDF', pdf, 1000)).toBe('pdf');
    expect(checkMaterialFile('a.jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]), 1000)).toBe('jpg');
    expect(checkMaterialFile('a.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 1000)).toBe('png');
    expect(checkMaterialFile('a.ofd', Buffer.from([0x50, 0x4b, 0x03, 0x04, 9]), 1000)).toBe('ofd');
  });

  it('refuses other extensions, disguised content, empty and oversized files', () => {
    expect(code(() => checkMaterialFile('a.exe', pdf, 1000))).toBe('MATERIAL.TYPE_NOT_ALLOWED');
    expect(code(() => checkMaterialFile('a.pdf', Buffer.from('MZ\x90\x00 not a pdf'), 1000))).toBe('MATERIAL.TYPE_NOT_ALLOWED');
    expect(code(() => checkMaterialFile('a.pdf', Buffer.alloc(0), 1000))).toBe('MATERIAL.FILE_EMPTY');
    expect(code(() => checkMaterialFile('a.pdf', pdf, 50))).toBe('MATERIAL.FILE_TOO_LARGE');
  });

  it('the in-memory storage returns what was stored', async () => {
    const s = new InMemoryMaterialStorage();
    await s.put('k', pdf);
    expect((await s.get('k'))?.equals(pdf)).toBe(true);
    expect(await s.get('missing')).toBeNull();
  });
});

describe('uploadedFileName', () => {
  it('decodes a UTF-8 name that multer handed over as latin1, and leaves other names alone', () => {
    const { uploadedFileName } = jest.requireActual<typeof import('./file-type')>('./file-type');
    expect(uploadedFileName(Buffer.from('参保证明.pdf', 'utf8').toString('latin1'))).toBe('参保证明.pdf');
    expect(uploadedFileName('proof.pdf')).toBe('proof.pdf');
    expect(uploadedFileName('参保证明.pdf')).toBe('参保证明.pdf');
    expect(uploadedFileName('caf\u00e9.pdf')).toBe('caf\u00e9.pdf');
  });
});
