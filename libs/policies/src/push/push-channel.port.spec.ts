import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { noticeText } from './notice.service';
import { digestText, HttpGatewayChannel, LogChannel } from './push-channel.port';

describe('push digests', () => {
  it('says how many new items and names up to three', () => {
    expect(digestText({ enterpriseId: 'e', items: 1, itemVersionIds: ['a'], titles: ['研发费用后补助'] })).toBe('您有 1 项新的惠企政策可以享受：研发费用后补助');
    expect(digestText({ enterpriseId: 'e', items: 4, itemVersionIds: ['a', 'b', 'c'], titles: ['甲', '乙', '丙'] })).toBe('您有 4 项新的惠企政策可以享受：甲、乙、丙 等');
  });

  it('a notice (办理通知) is sent with its own text, not as a digest of items', () => {
    const text = noticeText('请确认收款账户', '请于 2026-06-12 前登录平台确认收款账户');
    expect(text).toBe('【请确认收款账户】请于 2026-06-12 前登录平台确认收款账户');
    expect(digestText({ enterpriseId: 'e', items: 0, itemVersionIds: [], titles: ['请确认收款账户'], text, kind: 'confirm_account' })).toBe(text);
    expect(noticeText('标题', 'x'.repeat(2000))).toHaveLength(500);
  });

  it('the log channel counts one message per firm digest', async () => {
    const lines: string[] = [];
    const ch = new LogChannel('sms', (l) => lines.push(l));
    await ch.send([
      { enterpriseId: 'firm-1', items: 2, itemVersionIds: ['a', 'b'], titles: ['甲', '乙'] },
      { enterpriseId: 'firm-2', items: 1, itemVersionIds: ['c'], titles: ['丙'] },
    ]);
    expect(ch.sentCount).toBe(2);
    expect(lines[0]).toContain('您有 2 项新的惠企政策可以享受：甲、乙');
  });

  it('the HTTP gateway adapter posts the digests and fails on a non-2xx answer', async () => {
    const bodies: unknown[] = [];
    let status = 200;
    const server = createServer((req: IncomingMessage, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        bodies.push(JSON.parse(data));
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
    try {
      const ch = new HttpGatewayChannel('sms', url);
      await expect(ch.send([{ enterpriseId: 'firm-1', items: 1, itemVersionIds: ['a'], titles: ['研发费用后补助'] }])).resolves.toBe('sent');
      expect(bodies[0]).toEqual({ channel: 'sms', messages: [{ enterpriseId: 'firm-1', text: '您有 1 项新的惠企政策可以享受：研发费用后补助', items: 1 }] });
      const notice = { id: 'n-1', recipient: { kind: 'department' as const, id: 'zgj' }, title: '督办函', text: '请于 2026-12-02 前答复企业' };
      await expect(ch.sendNotices([notice])).resolves.toBe('sent');
      expect(bodies[1]).toEqual({ channel: 'sms', messages: [{ id: 'n-1', recipient: { kind: 'department', id: 'zgj' }, title: '督办函', text: '请于 2026-12-02 前答复企业' }] });
      status = 503;
      await expect(ch.send([{ enterpriseId: 'firm-2', items: 1, itemVersionIds: ['b'], titles: ['乙'] }])).rejects.toThrow(/503/);
      await expect(ch.sendNotices([notice])).rejects.toThrow(/503/);
    } finally {
      server.close();
    }
  });
});
