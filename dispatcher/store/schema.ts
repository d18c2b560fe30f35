import type { DatabaseSync } from 'node:sqlite'

/** Bumped when a table changes shape; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 3

/**
 * One table per entity of issue 4 §1. JSON columns hold what is only ever
 * read whole (properties, address, content, rules). No foreign keys: the
 * repositories check existence where it matters and answer with values, so
 * bad data never surfaces as a thrown constraint error.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS persons (
  id TEXT PRIMARY KEY,
  properties TEXT NOT NULL,
  timezone TEXT NOT NULL,
  test INTEGER NOT NULL,
  unsubscribed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  platform TEXT NOT NULL,
  address TEXT NOT NULL,
  address_key TEXT NOT NULL,
  os TEXT,
  model TEXT,
  sdk INTEGER NOT NULL,
  last_status TEXT NOT NULL,
  bounce_streak INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  targeting TEXT NOT NULL,
  rules TEXT NOT NULL,
  profile TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS variants (
  campaign_id TEXT NOT NULL,
  id TEXT NOT NULL,
  position INTEGER NOT NULL,
  share REAL NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (campaign_id, id)
);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY,
  campaign_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  variant_id TEXT,
  control INTEGER NOT NULL,
  rendered TEXT,
  failure TEXT,
  created_at INTEGER NOT NULL,
  send_key TEXT
);
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  campaign_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  device_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  variant_id TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  not_before INTEGER NOT NULL,
  expires_at INTEGER,
  provider_id TEXT NOT NULL,
  tracking_token TEXT NOT NULL,
  code TEXT,
  error_class TEXT,
  accepted_at INTEGER
);
CREATE TABLE IF NOT EXISTS attempts (
  delivery_id TEXT NOT NULL,
  number INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status INTEGER,
  code TEXT NOT NULL,
  error_class TEXT,
  retry_after_ms INTEGER,
  PRIMARY KEY (delivery_id, number)
);
CREATE TABLE IF NOT EXISTS device_events (
  delivery_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS conversions (
  person_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS delivery_counts (
  campaign_id TEXT NOT NULL,
  state TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, state)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS daily_sends (
  person_id TEXT NOT NULL,
  day TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (person_id, day)
) WITHOUT ROWID;
`

/**
 * Indexes for the hot queries; the unique ones carry the idempotence rules.
 * The due and accepted indexes are partial: the due one holds only pending
 * deliveries (what claimDue, nextDueAt and expireDue walk, by notBefore), and
 * the accepted one is untouched until a delivery is accepted — each commit
 * writes fewer index pages to the WAL.
 */
const INDEXES = `
CREATE INDEX IF NOT EXISTS devices_by_person ON devices (person_id);
CREATE UNIQUE INDEX IF NOT EXISTS devices_by_address ON devices (channel, address_key);
-- One audience message per person per campaign; transactional ones (a send_key) are as many as keys.
CREATE UNIQUE INDEX IF NOT EXISTS messages_one_per_person ON messages (campaign_id, person_id) WHERE send_key IS NULL;
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (not_before) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS deliveries_by_campaign ON deliveries (campaign_id, state);
CREATE INDEX IF NOT EXISTS deliveries_by_message ON deliveries (message_id);
CREATE INDEX IF NOT EXISTS deliveries_accepted_by_person ON deliveries (person_id, accepted_at) WHERE state = 'accepted';
CREATE INDEX IF NOT EXISTS deliveries_by_person ON deliveries (person_id);
CREATE UNIQUE INDEX IF NOT EXISTS device_events_once ON device_events (delivery_id, kind);
CREATE UNIQUE INDEX IF NOT EXISTS conversions_once ON conversions (person_id, message_id);
CREATE INDEX IF NOT EXISTS conversions_by_message ON conversions (message_id);
`

/**
 * Deliveries by campaign and state, kept by triggers in the transaction that
 * changes a state: a harness polls the counts ten times a second while a
 * campaign settles, and counting 100,000 index entries per poll cost tens of
 * ms each. A refused (OR IGNORE) insert fires nothing; a rolled-back
 * transaction takes its counts with it.
 */
const COUNTERS = `
CREATE TRIGGER IF NOT EXISTS delivery_counted AFTER INSERT ON deliveries BEGIN
  INSERT INTO delivery_counts (campaign_id, state, n) VALUES (NEW.campaign_id, NEW.state, 1)
    ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS delivery_recounted AFTER UPDATE OF state ON deliveries WHEN OLD.state IS NOT NEW.state BEGIN
  UPDATE delivery_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND state = OLD.state;
  INSERT INTO delivery_counts (campaign_id, state, n) VALUES (NEW.campaign_id, NEW.state, 1)
    ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS delivery_uncounted AFTER DELETE ON deliveries BEGIN
  UPDATE delivery_counts SET n = n - 1 WHERE campaign_id = OLD.campaign_id AND state = OLD.state;
END;
`

/**
 * Connection settings, then the schema.
 *
 * WAL lets readers proceed while one writer commits. synchronous=NORMAL in
 * WAL mode skips the fsync at each commit (it syncs at checkpoints): a
 * committed transaction is in the WAL file, so it survives a killed process
 * (kill -9) — the OS still holds the written pages — but the last commits may
 * be lost if the OS itself crashes or power fails. The database is never
 * corrupted either way. That is the durability issue 4 §1 asks for (resume
 * after a killed dispatcher) at a fraction of FULL's commit cost.
 */
export function applySchema(db: DatabaseSync, busyTimeoutMs = 5_000): void {
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = NORMAL')
  // Another connection holding the write lock makes us wait, not fail at once.
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
  db.exec('BEGIN IMMEDIATE')
  try {
    db.exec(TABLES)
    migrate(db)
    db.exec(INDEXES)
    db.exec(COUNTERS)
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`)
    db.exec('COMMIT')
  } catch (error) {
    db.exec('ROLLBACK')
    throw error
  }
}

/**
 * Version 1 → 2: messages gain send_key (transactional sends), and the one-message-per-person index
 * becomes partial so it binds audience messages only. Before 3: the counters start from a recount
 * (a fresh database has nothing to count).
 */
function migrate(db: DatabaseSync): void {
  const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version)
  if (version === 1) {
    db.exec('ALTER TABLE messages ADD COLUMN send_key TEXT')
    db.exec('DROP INDEX IF EXISTS messages_one_per_person')
  }
  if (version < 3) db.exec('DELETE FROM delivery_counts; INSERT INTO delivery_counts (campaign_id, state, n) SELECT campaign_id, state, COUNT(*) FROM deliveries GROUP BY campaign_id, state')
}
