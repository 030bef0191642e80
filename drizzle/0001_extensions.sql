-- pg_trgm: fuzzy matching of Latin text and model codes in catalog search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
