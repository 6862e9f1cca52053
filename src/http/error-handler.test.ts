import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, toAppError } from './error-handler.ts';

describe('a lost database connection', () => {
  it('answers 503 DATABASE_UNAVAILABLE (check, then try again), not 500', () => {
    for (const error of [
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
    ]) {
      expect(isDatabaseUnavailable(error), error.message).toBe(true);
      const answer = toAppError(error);
      expect(answer.code).toBe('DATABASE_UNAVAILABLE');
      expect(answer.status).toBe(503);
    }
  });

  it('leaves other failures as they were', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(toAppError(new Error('boom')).code).toBe('INTERNAL');
  });
});
