import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../api/problem.js';
import { formErrorsOf } from './form-errors.js';

const problem = (errors?: { path: string; message: string }[]) =>
  new ApiProblem({
    type: '/problems/invalid-validity',
    title: 'Unprocessable Entity',
    status: 422,
    detail: 'The validity period is not possible',
    code: 'invalid-validity',
    requestId: 'r1',
    ...(errors ? { errors } : {}),
  });

describe('a refused form', () => {
  it('puts each field error on the field it names', () => {
    const result = formErrorsOf(
      problem([
        { path: '/body/validUntil', message: 'is more than 366 days after validFrom' },
        { path: '/body/medication/name', message: 'must not be empty' },
      ]),
      ['validUntil', 'medication/name'],
    );
    expect(result).toEqual({
      fields: {
        validUntil: 'is more than 366 days after validFrom',
        'medication/name': 'must not be empty',
      },
      unmatched: false,
    });
  });

  it('keeps the problem itself when no field of the form is named', () => {
    expect(formErrorsOf(problem(), ['note'])).toEqual({ fields: {}, unmatched: true });
    expect(formErrorsOf(problem([{ path: '/body', message: 'x' }]), ['note']).unmatched).toBe(true);
    expect(formErrorsOf(null, ['note'])).toEqual({ fields: {}, unmatched: false });
  });
});
