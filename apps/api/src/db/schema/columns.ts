import { boolean, timestamp, uuid } from 'drizzle-orm/pg-core';
import { newId } from '../../shared/ids.js';

// Column builders every table shares.

export const id = () => uuid('id').primaryKey().$defaultFn(newId);
export const createdAt = () =>
  timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());
export const active = () => boolean('active').notNull().default(true);
