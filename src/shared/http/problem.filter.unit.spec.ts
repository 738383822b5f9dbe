import { describe, expect, it } from '@jest/globals';
import { toProblem } from './problem.filter.js';

describe('toProblem, when the database is unavailable', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a connection exception (class 08)', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['a connection lost under a query', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    [
      "TypeORM's wrapper of a lost connection",
      Object.assign(new Error('Connection terminated unexpectedly'), { driverError: new Error('Connection terminated unexpectedly') }),
    ],
  ])('answers 503 for %s, without its message', (_, error) => {
    const problem = toProblem(error);
    expect(problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(JSON.stringify(problem)).not.toContain(error.message);
  });

  it('still answers 500 for any other failure', () => {
    expect(toProblem(new Error('Cannot read properties of undefined'))).toMatchObject({ status: 500, code: 'INTERNAL' });
  });
});
