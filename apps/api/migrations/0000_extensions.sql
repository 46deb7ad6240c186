-- btree_gist lets exclusion constraints combine equality (a doctor) with range overlap (a booking's time).
CREATE EXTENSION IF NOT EXISTS btree_gist;
