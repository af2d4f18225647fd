/**
 * A way to reach an enterprise besides the in-app inbox (the pushed match row itself is the in-app
 * message): SMS, app message (郑好办-style).
 */
export interface PushMessage {
  /** The inbox entry is the firm's match row for this item version. */
  itemVersionId: string;
  enterpriseId: string;
  title: string;
}

/** What one firm is told in one push run: the new items, in one message. */
export interface PushDigest {
  /** The delivery's id: stable across retries, so a gateway can drop a message it already sent. */
  id?: string;
  enterpriseId: string;
  /** How many new items the firm has in its inbox from this run. */
  items: number;
  /** The items the message names (up to NAMED_IN_DIGEST; the inbox lists them all), and their titles. */
  itemVersionIds: string[];
  titles: string[];
  /** A notice (办理通知) instead of new items: its text as sent, and its kind. */
  text?: string;
  kind?: string;
}

/** Items a digest names; the rest are counted ("… 等"). */
export const NAMED_IN_DIGEST = 3;

/**
 * A message that is not a policy digest — a letter or reminder of another capability (诉求 交办函,
 * 督办函, 提示函) — to a firm, a department or one person, sent as written.
 */
export interface ChannelNotice {
  /** Stable across retries, like a digest's id. */
  id: string;
  recipient: { kind: 'enterprise' | 'department' | 'user'; id: string };
  title: string;
  text: string;
}

export interface PushChannel {
  readonly name: string;
  /** Returns a delivery status; throwing marks the deliveries failed. */
  send(digests: PushDigest[]): Promise<'delivered' | 'sent'>;
  /** Notices of other capabilities through the same gateway; a channel without it cannot carry them. */
  sendNotices?(notices: ChannelNotice[]): Promise<'delivered' | 'sent'>;
}

/** "您有 3 项新的惠企政策可以享受：研发费用后补助、…" */
export function digestText(d: PushDigest): string {
  if (d.text !== undefined) return d.text;
  const shown = d.titles.slice(0, NAMED_IN_DIGEST).join('、');
  return d.items > NAMED_IN_DIGEST || d.items > d.titles.length ? `您有 ${d.items} 项新的惠企政策可以享受：${shown} 等` : `您有 ${d.items} 项新的惠企政策可以享受：${shown}`;
}

export const PUSH_CHANNELS = Symbol('PUSH_CHANNELS');

/**
 * Stand-in for an SMS or app-message gateway: records what would be sent (masked, no content
 * beyond the title) in the log. A real gateway adapter implements the same port.
 */
export class LogChannel implements PushChannel {
  /** How many messages went out (the log fake keeps no copies: bulk pushes are millions). */
  sentCount = 0;
  constructor(readonly name: string, private readonly log: (line: string) => void = () => undefined) {}
  async send(digests: PushDigest[]): Promise<'sent'> {
    this.sentCount += digests.length;
    if (digests[0]) this.log(`[${this.name}] ${digests.length} message(s), first → enterprise ${digests[0].enterpriseId.slice(0, 8)}…: ${digestText(digests[0])}`);
    return 'sent';
  }

  async sendNotices(notices: ChannelNotice[]): Promise<'sent'> {
    this.sentCount += notices.length;
    if (notices[0]) this.log(`[${this.name}] ${notices.length} notice(s), first → ${notices[0].recipient.kind} ${notices[0].recipient.id.slice(0, 8)}…: ${notices[0].title}`);
    return 'sent';
  }
}

/**
 * A real gateway (SMS platform, 郑好办-style app messages) reached over HTTP: one POST per push run
 * with the digests as JSON; any non-2xx answer or a timeout marks the deliveries failed.
 */
export class HttpGatewayChannel implements PushChannel {
  constructor(
    readonly name: string,
    private readonly url: string,
    private readonly timeoutMs = 5000,
  ) {}

  async send(digests: PushDigest[]): Promise<'sent'> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: this.name, messages: digests.map((d) => ({ id: d.id, enterpriseId: d.enterpriseId, text: digestText(d), items: d.items, ...(d.kind ? { kind: d.kind } : {}) })) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`${this.name} gateway answered ${res.status}`);
    return 'sent';
  }

  /** Same gateway, one POST per batch; a message carries its recipient instead of an enterprise id. */
  async sendNotices(notices: ChannelNotice[]): Promise<'sent'> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: this.name, messages: notices.map((n) => ({ id: n.id, recipient: n.recipient, title: n.title, text: n.text })) }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`${this.name} gateway answered ${res.status}`);
    return 'sent';
  }
}
