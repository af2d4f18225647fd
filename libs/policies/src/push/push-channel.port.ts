/**
 * A way to reach an enterprise besides the in-app inbox (the inbox row itself is the in-app
 * message): SMS, app message (郑好办-style).
 */
export interface PushMessage {
  inboxId: string;
  enterpriseId: string;
  title: string;
}

export interface PushChannel {
  readonly name: string;
  /** Returns a delivery status; throwing marks the delivery failed (retried by the next run). */
  send(messages: PushMessage[]): Promise<'delivered' | 'sent'>;
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
  async send(messages: PushMessage[]): Promise<'sent'> {
    this.sentCount += messages.length;
    this.log(`[${this.name}] ${messages.length} message(s), first → enterprise ${messages[0]?.enterpriseId.slice(0, 8)}…: ${messages[0]?.title}`);
    return 'sent';
  }
}
