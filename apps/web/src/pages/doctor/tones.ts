// The badge look of a status. The status is always written out too: the colour only echoes it.
import type { BookingView, PrescriptionView } from '@medsync/contracts';

export function bookingTone(status: BookingView['status']): string {
  if (status === 'checked_in') return 'warning';
  if (status === 'completed') return 'ok';
  if (status === 'cancelled' || status === 'no_show') return 'danger';
  return '';
}

export function prescriptionTone(status: PrescriptionView['status']): string {
  if (status === 'active') return 'ok';
  if (status === 'on-hold') return 'warning';
  if (status === 'entered-in-error' || status === 'stopped' || status === 'cancelled')
    return 'danger';
  return '';
}
