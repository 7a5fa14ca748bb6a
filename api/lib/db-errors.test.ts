import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './db-errors.ts';

describe('isDatabaseUnavailable', () => {
  it('should recognise connection failures, bare or wrapped by drizzle', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('Failed query: select 1'), { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable({ code: 'CONNECTION_CLOSED' })).toBe(true);
    expect(isDatabaseUnavailable({ code: '57P01' })).toBe(true); // terminating connection due to administrator command
    expect(isDatabaseUnavailable({ code: '57P03' })).toBe(true); // the database system is starting up
    expect(isDatabaseUnavailable({ code: '08006' })).toBe(true);
  });

  it('should leave every other error alone', () => {
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable({ code: '23505' })).toBe(false);
    expect(isDatabaseUnavailable({ code: '22P02', cause: { code: '42P01' } })).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
