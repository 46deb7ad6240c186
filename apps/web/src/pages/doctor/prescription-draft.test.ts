import type { PrescriptionView } from '@medsync/contracts';
import { describe, expect, it } from 'vitest';
import { contentOf, draftOf, EMPTY_DRAFT, NEXT_STATUSES } from './prescription-draft.js';

describe('a prescription draft', () => {
  it('leaves out empty optional fields so that the server’s defaults apply', () => {
    const content = contentOf({
      ...EMPTY_DRAFT,
      name: ' Amoxicillin ',
      strength: '500 mg',
      form: 'capsule',
      dose: '1 capsule',
      frequency: 'three times a day',
      durationDays: '7',
      quantity: '21',
      unit: 'capsule',
      instructions: 'Take with water',
    });
    expect(content).toEqual({
      medication: { name: 'Amoxicillin', strength: '500 mg', form: 'capsule' },
      dose: '1 capsule',
      route: 'oral',
      frequency: 'three times a day',
      durationDays: 7,
      quantity: { value: '21', unit: 'capsule' },
      repeats: 0,
      instructions: 'Take with water',
    });
  });

  it('reads a prescription back into the same content', () => {
    const content = {
      medication: { name: 'Ferrous sulfate', strength: '200 mg', form: 'tablet' },
      dose: '1 tablet',
      route: 'oral',
      frequency: 'once a day',
      durationDays: 90,
      quantity: { value: '30', unit: 'tablet' },
      repeats: 2,
      instructions: 'Before breakfast',
      notes: 'Check ferritin',
      validFrom: '2026-12-01',
      validUntil: '2027-03-01',
    };
    expect(contentOf(draftOf(content as unknown as PrescriptionView))).toEqual(content);
  });

  it('offers no status change from entered-in-error, and stopping first from active', () => {
    expect(NEXT_STATUSES['entered-in-error']).toEqual([]);
    expect(NEXT_STATUSES.active[0]).toBe('stopped');
  });
});
