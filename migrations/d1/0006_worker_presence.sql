-- tollgate migration core/0009_worker_presence
CREATE TABLE worker_presence (
  worker_id TEXT NOT NULL,
  type TEXT NOT NULL,
  seen_at BIGINT NOT NULL,
  PRIMARY KEY (worker_id, type)
);

CREATE INDEX worker_presence_seen ON worker_presence (seen_at);
