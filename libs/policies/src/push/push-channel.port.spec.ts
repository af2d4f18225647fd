import { digestText, LogChannel } from './push-channel.port';

describe('push digests', () => {
  it('says how many new items and names up to three', () => {
    expect(digestText({ enterpriseId: 'e', inboxIds: ['a'], titles: ['研发费用后补助'] })).toBe('您有 1 项新的惠企政策可以享受：研发费用后补助');
    expect(digestText({ enterpriseId: 'e', inboxIds: ['a', 'b', 'c', 'd'], titles: ['甲', '乙', '丙', '丁'] })).toBe('您有 4 项新的惠企政策可以享受：甲、乙、丙 等');
  });

  it('the log channel counts one message per firm digest', async () => {
    const lines: string[] = [];
    const ch = new LogChannel('sms', (l) => lines.push(l));
    await ch.send([
      { enterpriseId: 'firm-1', inboxIds: ['a', 'b'], titles: ['甲', '乙'] },
      { enterpriseId: 'firm-2', inboxIds: ['c'], titles: ['丙'] },
    ]);
    expect(ch.sentCount).toBe(2);
    expect(lines[0]).toContain('您有 2 项新的惠企政策可以享受：甲、乙');
  });
});
