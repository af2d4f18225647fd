import { isOutage, runThroughOutages } from './outage';

const netError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
/** TypeORM's QueryFailedError keeps the driver's error in `driverError`. */
const wrapped = (driverError: Error) => Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });

describe('isOutage', () => {
  it.each([
    ['connection refused', netError('ECONNREFUSED')],
    ['connection reset', netError('ECONNRESET')],
    ['server shut down (fast)', pgError('57P01', 'terminating connection due to administrator command')],
    ['server still recovering', pgError('57P03', 'the database system is starting up')],
    ['connection exception class 08', pgError('08006', 'connection failure')],
    ['connection cut mid-query', new Error('Connection terminated unexpectedly')],
    ['a pool client after its connection died', new Error('Client has encountered a connection error and is not queryable')],
    ['wrapped by TypeORM', wrapped(pgError('57P01', 'terminating connection due to administrator command'))],
    ['a cause', Object.assign(new Error('fetch failed'), { cause: netError('ECONNREFUSED') })],
    ['every address refused', Object.assign(new AggregateError([netError('ECONNREFUSED'), netError('ECONNREFUSED')]), { message: '' })],
  ])('%s is an outage', (_name, err) => {
    expect(isOutage(err)).toBe(true);
  });

  it.each([
    ['a unique violation', wrapped(pgError('23505', 'duplicate key value violates unique constraint "PK_x"'))],
    ['a serialization failure', pgError('40001', 'could not serialize access')],
    ['a syntax error', wrapped(pgError('42601', 'syntax error at or near "SELEC"'))],
    ['a domain error', Object.assign(new Error('发布事务尚未提交'), { code: 'MATCHING.REQUEST_NOT_VISIBLE' })],
    ['a plain error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('%s is not', (_name, err) => {
    expect(isOutage(err)).toBe(false);
  });
});

describe('runThroughOutages', () => {
  it('runs the handler again while it fails with an outage, then returns its result', async () => {
    let calls = 0;
    const result = await runThroughOutages(
      async () => {
        if (++calls <= 12) throw netError('ECONNREFUSED');
        return 'done';
      },
      { stopped: () => false, delayMs: 1, maxDelayMs: 2 },
    );
    expect({ result, calls }).toEqual({ result: 'done', calls: 13 });
  });

  it('lets any other failure through at once', async () => {
    let calls = 0;
    const run = runThroughOutages(
      async () => {
        calls++;
        throw new Error('boom');
      },
      { stopped: () => false, delayMs: 1 },
    );
    await expect(run).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });

  it('stops waiting when the queue closes', async () => {
    let calls = 0;
    let closed = false;
    const run = runThroughOutages(
      async () => {
        if (++calls === 3) closed = true;
        throw netError('ECONNREFUSED');
      },
      { stopped: () => closed, delayMs: 1 },
    );
    await expect(run).rejects.toThrow('ECONNREFUSED');
    expect(calls).toBe(3);
  });
});
