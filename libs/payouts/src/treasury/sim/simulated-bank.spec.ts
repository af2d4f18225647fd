import { SimPayment, SimStore, SimSummary } from './sim-store';
import { SimulatedBank, SimulatedTimeout } from './simulated-bank';

class MemoryStore implements SimStore {
  readonly rows = new Map<string, SimPayment>();
  requests = 0;
  dups = 0;
  async init() {}
  async book(ps: SimPayment[]) {
    const fresh = new Set<string>();
    for (const p of ps) {
      this.requests++;
      if (this.rows.has(p.instructionId)) this.dups++;
      else {
        this.rows.set(p.instructionId, p);
        fresh.add(p.instructionId);
      }
    }
    return fresh;
  }
  async find(ids: string[]) {
    return ids.map((id) => this.rows.get(id)).filter((p): p is SimPayment => !!p);
  }
  async summary(): Promise<SimSummary> {
    const debited = [...this.rows.values()].filter((p) => p.status !== 'failed');
    return { debits: debited.length, debitedFen: debited.reduce((s, p) => s + p.amountFen, 0), settledFen: 0, returnedFen: 0, refused: 0, duplicatesRefused: this.dups, requests: this.requests };
  }
  async all() {
    return [...this.rows.values()];
  }
}

const order = (id: string, account = '6222021234567890123') => ({ instructionId: id, amountFen: 1000, payeeName: '甲', payeeAccount: account });

describe('SimulatedBank', () => {
  it('refuses a second debit for the same instruction id and answers with the first outcome', async () => {
    const store = new MemoryStore();
    const bank = new SimulatedBank(store);
    const [first] = await bank.submit([order('a')]);
    const [second] = await bank.submit([order('a')]);
    expect(second).toEqual(first);
    expect(store.rows.size).toBe(1);
    expect(store.dups).toBe(1);
  });

  it('returns closed accounts, loses answers after booking, and times out before booking', async () => {
    const store = new MemoryStore();
    const bank = new SimulatedBank(store);
    bank.setFaults({ closedAccounts: ['6222020000000000001'], loseNextAnswers: 1, timeoutNextCalls: 1 });
    await expect(bank.submit([order('t')])).rejects.toEqual(new SimulatedTimeout(false));
    expect(store.rows.size).toBe(0);
    await expect(bank.submit([order('b', '6222020000000000001'), order('c')])).rejects.toEqual(new SimulatedTimeout(true));
    const st = await bank.status(['b', 'c', 'unknown-id']);
    expect(st.map((s) => s.status)).toEqual(['returned', 'settled', 'unknown']);
  });

  it('calls back twice with duplicate callbacks on', async () => {
    const bank = new SimulatedBank(new MemoryStore());
    const seen: string[] = [];
    bank.onCallback(async (rs) => {
      seen.push(...rs.map((r) => r.instructionId));
    });
    bank.setFaults({ duplicateCallbacks: true });
    await bank.submit([order('x')]);
    await bank.callbacksDelivered();
    expect(seen).toEqual(['x', 'x']);
  });
});
