import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../api/problem.js';
import { problemFields } from './form-problems.js';

const problem = (errors: { path: string; message: string }[]) =>
  new ApiProblem({
    type: '/problems/validation-failed',
    title: 'Bad Request',
    status: 400,
    detail: 'invalid',
    code: 'validation-failed',
    requestId: 'r1',
    errors,
  });

describe('problemFields', () => {
  it('names body fields by their pointer, first message per field', () => {
    const fields = problemFields(
      problem([
        { path: '/body/name', message: 'is required' },
        { path: '/body/name', message: 'is too long' },
        { path: '/body/workingHours/2', message: 'overlaps' },
        { path: '/query/limit', message: 'is too large' },
      ]),
    );
    expect(fields).toEqual({ name: 'is required', 'workingHours/2': 'overlaps' });
  });

  it('has nothing for errors that are not problems', () => {
    expect(problemFields(new Error('x'))).toEqual({});
  });
});
