import type { AccessLogEntryView } from '@medsync/contracts';
import { describe, expect, it } from 'vitest';
import { actionKey, whoOf } from './access-log.js';

const entry = (over: Partial<AccessLogEntryView>): AccessLogEntryView => ({
  occurredAt: '2026-12-06T10:00:00Z',
  actorRole: 'doctor',
  actorId: 'a',
  action: 'patient-record.read',
  resourceType: 'patient-record',
  resourceId: null,
  outcome: 'success',
  ...over,
});

describe('the access log', () => {
  it('turns an action into a flat catalog key', () => {
    expect(actionKey('patient-record.read')).toBe('patient-record_read');
  });

  it('tells the patient apart from others and from signed-out requests', () => {
    expect(whoOf(entry({ actorId: 'me', actorRole: 'patient' }), 'me')).toBe('you');
    expect(whoOf(entry({}), 'me')).toBe('role');
    expect(whoOf(entry({ actorId: null, actorRole: null }), 'me')).toBe('system');
  });
});
