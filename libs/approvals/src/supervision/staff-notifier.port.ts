import { Role } from '@app/core';

/** A reminder or escalation to the people responsible for a step (督办): one message per role, department and step. */
export interface StaffAlert {
  /** Stable across retries: a gateway drops a message it already delivered. */
  id: string;
  recipientRole: Role;
  /** The department whose people are meant; null for finance, leaders and other city-wide roles. */
  departmentCode: string | null;
  kind: 'reminder' | 'escalation';
  step: string;
  title: string;
  body: string;
  items: number;
}

/**
 * Reaches staff outside the platform (政务 messaging, SMS, e-mail). The in-app list of alerts is
 * the table itself (GET /supervision/alerts); this port is the push beside it.
 */
export interface StaffNotifier {
  readonly name: string;
  /** Throwing marks the alerts for a retry. */
  send(alerts: StaffAlert[]): Promise<void>;
}

export const STAFF_NOTIFIER = Symbol('STAFF_NOTIFIER');

/** Stand-in for a gateway: logs one line per alert (no application data beyond the counts) and keeps the last ones for drills. */
export class LogStaffNotifier implements StaffNotifier {
  readonly name = 'log';
  readonly sent: StaffAlert[] = [];
  constructor(private readonly log: (line: string) => void = () => undefined) {}

  async send(alerts: StaffAlert[]): Promise<void> {
    for (const a of alerts) {
      this.sent.push(a);
      this.log(`[staff ${a.kind}] → ${a.recipientRole}${a.departmentCode ? `@${a.departmentCode}` : ''}: ${a.title}（${a.items} 件）`);
    }
    if (this.sent.length > 1000) this.sent.splice(0, this.sent.length - 1000);
  }
}

/** A real gateway over HTTP: one POST per batch of alerts; any non-2xx answer or a timeout means a retry. */
export class HttpStaffNotifier implements StaffNotifier {
  readonly name = 'http';
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5000,
  ) {}

  async send(alerts: StaffAlert[]): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        messages: alerts.map((a) => ({ id: a.id, recipientRole: a.recipientRole, departmentCode: a.departmentCode, kind: a.kind, step: a.step, text: `【${a.title}】${a.body}`, items: a.items })),
      }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`staff gateway answered ${res.status}`);
  }
}
