-- The index in D1: what is published where and when. Article records stay in Workers KV, one key per write
-- (v2/article/{id}/{version}); a row here names the version that is current. Every write is one D1 batch (one
-- transaction) over these tables, so no entry outlives the write that moved or removed its article.

-- Sections. name_key is the name folded for identity (NFC, no invisible or bidi characters, no tatweel, Arabic
-- letter variants folded: model/arabic.ts identityKey): two sections can never look alike.
CREATE TABLE sections (
  slug TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  position INTEGER NOT NULL,
  updated INTEGER NOT NULL
) STRICT;

-- One row per article. sk, the sort key, is the publication time in seconds times 2^21 plus the article's place
-- among those published in the same second (given at write, in the transaction): unique, ordered like the feeds,
-- and the rowid, so the site-wide order and the search table's rowid are the same number.
CREATE TABLE articles (
  sk INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  section TEXT NOT NULL REFERENCES sections(slug),
  published INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  hash TEXT NOT NULL,
  -- The KV record this row names: the content hash and a nonce of the write that stored it, so that no two
  -- writes ever share a record key (a revert to earlier content gets a key of its own).
  version TEXT NOT NULL,
  month INTEGER NOT NULL
) STRICT;
CREATE INDEX articles_by_section ON articles(section, sk);

-- Filters and search: rowid = articles.sk. body is the title and summary folded (normalizeArabic); facets holds
-- |s:section| |t:tag key| |a:author key| tokens. The trigram tokenizer matches any run of 3 or more characters,
-- so a word is found inside a longer one (بغداد in وبغداد), as readers of Arabic expect.
CREATE VIRTUAL TABLE article_search USING fts5(body, facets, tokenize = 'trigram');

-- How many articles each scope (a section slug, or _all) has in each Baghdad month (YYYYMM).
CREATE TABLE months (
  scope TEXT NOT NULL,
  month INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (scope, month)
) STRICT, WITHOUT ROWID;

-- When anything shown in a scope last changed (writes, deletes, moves, rescheduling), epoch ms: the floor of
-- Last-Modified, which therefore never goes backwards.
CREATE TABLE scopes (
  scope TEXT PRIMARY KEY,
  changed INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The first spelling of each tag (kind 't') and author (kind 'a') by its folded key: values that fold alike are one.
CREATE TABLE names (
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (kind, key)
) STRICT, WITHOUT ROWID;
