import { mapSourceRecord, resolveSources } from './field-mapping';

describe('data-source field mapping', () => {
  const mapping = { yysr: 'revenue', gxjsqy: 'tag:hitech' };
  const rec = (fields: Record<string, unknown>) => ({ id: 'R1', creditCode: '91410100MA44XXXXXX', changedAt: '2026-12-01T00:00:00Z', fields });

  it('maps source fields to facts and yes/no certificates to tags set or cleared', () => {
    expect(mapSourceRecord(mapping, rec({ yysr: 1000, gxjsqy: '是' }))).toEqual({ ok: true, value: { values: { revenue: 1000 }, tagsOn: ['hitech'], tagsOff: [] } });
    expect(mapSourceRecord(mapping, rec({ gxjsqy: false }))).toEqual({ ok: true, value: { values: {}, tagsOn: [], tagsOff: ['hitech'] } });
  });

  it('refuses the whole record when a field is not in the mapping, naming it', () => {
    const r = mapSourceRecord(mapping, rec({ yysr: 1000, nsrmc: 'x' }));
    expect(r).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'DATA_SOURCE.UNKNOWN_FIELD', details: { fields: ['nsrmc'] } }) });
  });

  it('refuses malformed records and non yes/no certificate values', () => {
    expect(mapSourceRecord(mapping, { id: '', creditCode: 'x', changedAt: '', fields: {} })).toMatchObject({ ok: false, refusal: { code: 'DATA_SOURCE.INVALID_RECORD' } });
    expect(mapSourceRecord(mapping, rec({ gxjsqy: 'maybe' }))).toMatchObject({ ok: false, refusal: { code: 'DATA_SOURCE.INVALID_VALUE' } });
  });

  it('applies configured mappings and stops on a target that is not a fact or an unknown source', () => {
    expect(resolveSources({ tax: { income: 'revenue' } }).get('tax')?.mapping).toEqual({ income: 'revenue' });
    expect(() => resolveSources({ tax: { income: 'revenu' } })).toThrow(/tax\.income/);
    expect(() => resolveSources({ weather: { t: 'revenue' } })).toThrow(/unknown source weather/);
    expect(() => resolveSources({ tax: { t: 'tags' } })).toThrow(/tax\.t/);
  });
});
