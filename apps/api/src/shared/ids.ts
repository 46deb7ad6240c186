import { v7 } from 'uuid';

/** Time-ordered UUIDv7: index-friendly and sortable by creation time. */
export const newId = (): string => v7();
