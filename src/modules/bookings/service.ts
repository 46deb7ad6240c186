import type { BookingRules } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AvailabilityService } from '../scheduling/availability.js';

/** Creating, holding, confirming and rescheduling bookings: the write path. (stub) */
export class BookingService {
  constructor(
    readonly deps: {
      db: Database;
      audit: AuditLog;
      availability: AvailabilityService;
      clock: () => Date;
      rules: BookingRules;
    },
  ) {}
}
