-- briefgen store, schema version 2 (store.SCHEMA_VERSION). A change here needs a new
-- version and, where it can be done in place, an entry in store._MIGRATIONS.

-- schema_version, and generation: bumped by every write, the index's yardstick
CREATE TABLE meta (key TEXT PRIMARY KEY, value NOT NULL);

-- text: the cleaned text, zlib-compressed; generation: the write that stored the row;
-- crc: CRC-32 of the other columns but text (zlib checks that itself)
CREATE TABLE documents (
    id TEXT PRIMARY KEY, path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL,
    fmt TEXT NOT NULL, doc_type TEXT NOT NULL, title TEXT, number TEXT, date TEXT,
    question_date TEXT, answer_date TEXT, asker TEXT, addressee TEXT,
    addressee_title TEXT, theme_line TEXT, links TEXT, place TEXT,
    date_source TEXT NOT NULL, answer_start INTEGER,
    text BLOB NOT NULL, passage_count INTEGER NOT NULL,
    generation INTEGER NOT NULL, ingested_at TEXT NOT NULL, crc INTEGER NOT NULL);

CREATE INDEX documents_generation ON documents(generation);

-- key: the index's handle on a passage, never reused (AUTOINCREMENT), so a stale index
-- entry can only miss, never point at another passage; JSON columns are NULL when empty
CREATE TABLE passages (
    key INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, text TEXT NOT NULL, start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL, kind TEXT NOT NULL, part TEXT NOT NULL,
    numbers TEXT, number_label TEXT NOT NULL, heading_path TEXT,
    label TEXT NOT NULL, dates TEXT, amounts TEXT, crc INTEGER NOT NULL);

CREATE INDEX passages_doc ON passages(doc_id);

-- tombstones of removed documents, kept until the index has caught up with them
CREATE TABLE removed (doc_id TEXT NOT NULL, generation INTEGER NOT NULL);

-- passages a rewrite or removal took out, kept until the index no longer points at them:
-- a reader whose index still holds their keys gets the version it searched, not a gap
CREATE TABLE retired (
    key INTEGER PRIMARY KEY, id TEXT NOT NULL, doc_id TEXT NOT NULL,
    ordinal INTEGER NOT NULL, text TEXT NOT NULL, start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL, kind TEXT NOT NULL, part TEXT NOT NULL,
    numbers TEXT, number_label TEXT NOT NULL, heading_path TEXT,
    label TEXT NOT NULL, dates TEXT, amounts TEXT, crc INTEGER NOT NULL,
    generation INTEGER NOT NULL);

CREATE INDEX retired_generation ON retired(generation);
