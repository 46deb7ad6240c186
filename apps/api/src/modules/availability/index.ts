// The availability module's face: free slots of one doctor or diagnostic location, the
// earliest-slot search, and the slot engine itself (the demo data lays bookings out with it).
export { AvailabilityService, type OfferedSlot } from './availability.js';
export type { Bookable, BookableRef } from './repository.js';
export { schedulingRoutes } from './routes.js';
export { SlotSearch } from './search.js';
export { freeSlots } from './slots.js';
