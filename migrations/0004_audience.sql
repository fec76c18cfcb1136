-- Audience: who follows each feed, counted from the polls (src/audience/, README "Audience"). Every query of
-- these tables is in src/store/audience.ts. `feed` is a path: a feed (/feeds/reports/rss.xml) or its three
-- formats together (/feeds/reports/*, the site-wide /feeds/*). `day` is a Baghdad day (2026-12-02); once a day is
-- older than AUDIENCE_RETENTION_DAYS its rows are summed into a month row whose `day` is the month (2025-11).

-- The current day's working set: one row per feed and follower. `who` is an HMAC-SHA-256 (key derived from
-- AUDIENCE_SECRET and the day, never stored) of a direct reader's IP and User-Agent, or of an aggregator's own
-- feed id; n is 1 for a direct reader, the day's highest stated count for an aggregator. The roll-up (the cron,
-- and every read of the statistics) moves the days before today into audience_days and deletes their rows, so
-- no hash outlives its day.
CREATE TABLE audience_seen (
  day TEXT NOT NULL,
  feed TEXT NOT NULL,
  who TEXT NOT NULL,
  reader TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (day, feed, who)
) STRICT, WITHOUT ROWID;

-- Subscribers per day, feed and reader (Feedly, Inoreader, …, "direct"). `days`: 1 for a day, the days summed
-- for a month row (subscribers then holds the sum: subscriber-days).
CREATE TABLE audience_days (
  day TEXT NOT NULL,
  feed TEXT NOT NULL,
  reader TEXT NOT NULL,
  subscribers INTEGER NOT NULL,
  days INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (day, feed, reader)
) STRICT, WITHOUT ROWID;

-- Polls per day and feed (every poller, crawlers included) and how many were answered 304 Not Modified;
-- agent is '' for readers and a crawler's or monitor's name for theirs (listed apart, never subscribers).
CREATE TABLE audience_polls (
  day TEXT NOT NULL,
  feed TEXT NOT NULL,
  agent TEXT NOT NULL,
  polls INTEGER NOT NULL,
  not_modified INTEGER NOT NULL,
  PRIMARY KEY (day, feed, agent)
) STRICT, WITHOUT ROWID;

-- Partner embeds: views per day, section ('*' for /embed.js) and `ref` ('' when none was given).
CREATE TABLE audience_embeds (
  day TEXT NOT NULL,
  section TEXT NOT NULL,
  ref TEXT NOT NULL,
  views INTEGER NOT NULL,
  PRIMARY KEY (day, section, ref)
) STRICT, WITHOUT ROWID;
