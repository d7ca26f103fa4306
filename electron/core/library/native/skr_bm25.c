/*
 * SQLite extension: skr_bm25(fts_table, 'docsize_table'[, expression]), FTS5's bm25() with the
 * same formula and constants (k1 = 1.2, b = 0.75, every column weighing 1), hence the same scores.
 * bm25() reads each scored row's length with xColumnSize, a statement step on the table's
 * %_docsize per row; this keeps one incremental-blob handle on %_docsize and moves it from row to
 * row, which costs less, and remembers the lengths it read until the database changes. Given the
 * MATCH expression too, it also remembers how many rows match each of its phrases (see
 * CachedCount).
 *
 * skr_pairs(x, y), an aggregate: its rows' two numbers as one blob of native doubles, x0 y0 x1 y1
 * ..., empty for no rows. A search's ranked rows cross into JavaScript that way instead of as JSON
 * arrays, whose printing and parsing cost ~0.2 ms of a median query.
 *
 * Loading it also tunes glibc's malloc for the whole process (see tuneMalloc)
 * and adds skr_malloc_trim(), which the SQL threads call when idle (see mallocTrim).
 *
 * Built by scripts/build.mjs; where it is missing, search ranks with bm25() (connection.ts).
 */
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define K1 1.2
#define B 0.75

/*
 * Row lengths read from one %_docsize table, in a direct-mapped cache: 2^17 slots (2 MiB per
 * table and connection) hold most of a 100,000-document library's passages; a collision only
 * costs a blob read. Slots of an older `epoch` are empty: a new one starts whenever the
 * connection sees a commit (a note edited keeps its rowids, not its lengths). The slots (and the
 * phrase counts, see CachedCount) are mapped memory of their own, given back whole when the
 * connection closes: from malloc, the arenas of threads that come and go kept them as fragments.
 */
#define CACHE_SLOTS (1 << 17)

typedef struct {
  sqlite3_int64 rowid;
  unsigned length;
  unsigned epoch;
} CachedLength;

/*
 * How many rows match one phrase of a query, keyed by the phrase as the expression writes it.
 * IDF needs that count, and FTS5 gives it by walking every row the phrase matches (xQueryPhrase),
 * whatever the query's LIMIT: 0.1-1 ms per common word and query, while the same words come back
 * query after query (and keystroke after keystroke as a user types). Direct-mapped by a hash of
 * the key; emptied with the lengths whenever the database changes.
 */
#define COUNT_SLOTS 8192
#define MAX_KEY_BYTES 48
/* Expressions with more phrases are scored without the cache (queries have at most 32 terms). */
#define MAX_KEYED_PHRASES 32

typedef struct {
  char key[MAX_KEY_BYTES];
  int bytes; /* 0: empty */
  unsigned epoch;
  sqlite3_int64 rows;
} CachedCount;

#define CACHE_BYTES (sizeof(CachedLength) * CACHE_SLOTS + sizeof(CachedCount) * COUNT_SLOTS)

/* What one connection remembers of one FTS5 table (by its %_docsize) until the database changes. */
typedef struct {
  char *table;
  unsigned dataVersion;
  unsigned epoch;
  CachedLength *slots;
  CachedCount *counts;
} TableCache;

/* One per connection: the caches of the (at most two) FTS5 tables it ranks. */
typedef struct {
  TableCache caches[2];
} Ranker;

static void freeRanker(void *p) {
  Ranker *ranker = (Ranker *)p;
  for (int i = 0; i < 2; i++) {
    sqlite3_free(ranker->caches[i].table);
    if (ranker->caches[i].slots) munmap(ranker->caches[i].slots, CACHE_BYTES);
  }
  sqlite3_free(ranker);
}

/* The cache of `table`, emptied if the database changed since its last use; null if none. */
static TableCache *tableCache(Ranker *ranker, sqlite3 *db, const char *table) {
  TableCache *cache = 0;
  for (int i = 0; i < 2 && !cache; i++) {
    TableCache *c = &ranker->caches[i];
    if (c->table && strcmp(c->table, table) == 0) cache = c;
    else if (!c->table) {
      void *slots = mmap(0, CACHE_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      c->table = slots != MAP_FAILED ? sqlite3_mprintf("%s", table) : 0;
      if (!c->table) {
        if (slots != MAP_FAILED) munmap(slots, CACHE_BYTES);
        return 0;
      }
      c->slots = slots;
      c->counts = (CachedCount *)&c->slots[CACHE_SLOTS];
      c->epoch = 1;
      cache = c;
    }
  }
  unsigned version = 0;
  if (!cache || sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK)
    return 0;
  if (version != cache->dataVersion) {
    cache->dataVersion = version;
    if (++cache->epoch == 0) {
      memset(cache->slots, 0, CACHE_BYTES);
      cache->epoch = 1;
    }
  }
  return cache;
}

static CachedLength *cachedSlot(TableCache *cache, sqlite3_int64 rowid) {
  sqlite3_uint64 hash = (sqlite3_uint64)rowid * 0x9E3779B97F4A7C15ULL;
  return &cache->slots[(hash >> 32) & (CACHE_SLOTS - 1)];
}

typedef struct {
  int phrases;
  double *idf;
  double *freq;
  double avgdl;
  sqlite3_blob *sizes; /* on the %_docsize row of the current row; null when unavailable */
  TableCache *lengths; /* null when unavailable */
} QueryData;

static void freeQueryData(void *p) {
  QueryData *data = (QueryData *)p;
  if (data->sizes) sqlite3_blob_close(data->sizes);
  sqlite3_free(data);
}

static int countRow(const Fts5ExtensionApi *api, Fts5Context *fts, void *count) {
  (void)api;
  (void)fts;
  (*(sqlite3_int64 *)count)++;
  return SQLITE_OK;
}

/*
 * Where each phrase of `expression` is written in it, if it has the form search.ts writes:
 * phrases ("...", a quote inside doubled), each maybe after the column filter `cjk : ` and before
 * ` *`, joined by AND, OR and parentheses. FTS5 numbers phrases in the order they are written.
 * Returns how many phrases there are, or -1 for any other form (nothing is then remembered).
 */
static int phraseSpans(const char *expression, const char **starts, int *bytes, int max) {
  int found = 0;
  const char *p = expression;
  for (;;) {
    while (*p == ' ' || *p == '(' || *p == ')') p++;
    if (!*p) return found;
    if (strncmp(p, "AND ", 4) == 0 || strncmp(p, "OR ", 3) == 0) {
      p += *p == 'A' ? 4 : 3;
      continue;
    }
    const char *start = p;
    if (strncmp(p, "cjk : ", 6) == 0) p += 6;
    if (*p++ != '"') return -1;
    for (; *p != '"' || p[1] == '"'; p++) {
      if (!*p) return -1;
      if (*p == '"') p++;
    }
    p++;
    if (strncmp(p, " *", 2) == 0) p += 2;
    if (found == max) return -1;
    starts[found] = start;
    bytes[found++] = (int)(p - start);
  }
}

static CachedCount *cachedCount(TableCache *cache, const char *key, int bytes) {
  sqlite3_uint64 hash = 14695981039346656037ULL;
  for (int i = 0; i < bytes; i++) hash = (hash ^ (unsigned char)key[i]) * 1099511628211ULL;
  return &cache->counts[hash & (COUNT_SLOTS - 1)];
}

/* Rows matching phrase `i`: remembered under `key` (if any), else counted by walking them all. */
static int phraseRows(const Fts5ExtensionApi *api, Fts5Context *fts, int i, TableCache *cache,
                      const char *key, int bytes, sqlite3_int64 *rows) {
  CachedCount *slot = cache && key && bytes <= MAX_KEY_BYTES ? cachedCount(cache, key, bytes) : 0;
  if (slot && slot->epoch == cache->epoch && slot->bytes == bytes &&
      memcmp(slot->key, key, (size_t)bytes) == 0) {
    *rows = slot->rows;
    return SQLITE_OK;
  }
  *rows = 0;
  int rc = api->xQueryPhrase(fts, i, rows, countRow);
  if (rc == SQLITE_OK && slot) {
    memcpy(slot->key, key, (size_t)bytes);
    slot->bytes = bytes;
    slot->epoch = cache->epoch;
    slot->rows = *rows;
  }
  return rc;
}

/* IDF of each phrase and the average row length, once per query (as bm25() computes them). */
static int queryData(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                     const char *docsizeTable, const char *expression, QueryData **out) {
  QueryData *data = (QueryData *)api->xGetAuxdata(fts, 0);
  if (data) {
    *out = data;
    return SQLITE_OK;
  }
  int phrases = api->xPhraseCount(fts);
  data = sqlite3_malloc64(sizeof(QueryData) + sizeof(double) * 2 * (sqlite3_uint64)phrases);
  if (!data) return SQLITE_NOMEM;
  memset(data, 0, sizeof(QueryData));
  data->phrases = phrases;
  data->idf = (double *)&data[1];
  data->freq = data->idf + phrases;
  sqlite3_int64 rows = 0, tokens = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  data->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  TableCache *cache = docsizeTable ? tableCache((Ranker *)api->xUserData(fts), db, docsizeTable) : 0;
  const char *starts[MAX_KEYED_PHRASES];
  int bytes[MAX_KEYED_PHRASES];
  int keyed = cache && expression &&
              phraseSpans(expression, starts, bytes, MAX_KEYED_PHRASES) == phrases;
  for (int i = 0; rc == SQLITE_OK && i < phrases; i++) {
    sqlite3_int64 hits = 0;
    rc = phraseRows(api, fts, i, cache, keyed ? starts[i] : 0, keyed ? bytes[i] : 0, &hits);
    double idf = log((rows - hits + 0.5) / (hits + 0.5));
    data->idf[i] = idf <= 0.0 ? 1e-6 : idf;
  }
  if (rc == SQLITE_OK && docsizeTable &&
      sqlite3_blob_open(db, "main", docsizeTable, "sz", api->xRowid(fts), 0, &data->sizes) !=
          SQLITE_OK)
    data->sizes = 0;
  if (data->sizes) data->lengths = cache;
  if (rc == SQLITE_OK) rc = api->xSetAuxdata(fts, data, freeQueryData);
  else freeQueryData(data);
  *out = rc == SQLITE_OK ? data : 0;
  return rc;
}

/* Sum of the SQLite varints (one per column) in a %_docsize record. */
static int sumVarints(const unsigned char *bytes, int length) {
  int sum = 0;
  unsigned value = 0;
  for (int i = 0; i < length; i++) {
    value = (value << 7) | (bytes[i] & 0x7f);
    if (!(bytes[i] & 0x80)) {
      sum += (int)value;
      value = 0;
    }
  }
  return sum;
}

/*
 * Tokens in the current row: remembered, else from the blob handle, else (no handle, odd record)
 * from FTS5.
 */
static int rowLength(const Fts5ExtensionApi *api, Fts5Context *fts, QueryData *data, int *out) {
  sqlite3_int64 rowid = api->xRowid(fts);
  CachedLength *slot = data->lengths ? cachedSlot(data->lengths, rowid) : 0;
  if (slot && slot->epoch == data->lengths->epoch && slot->rowid == rowid) {
    *out = (int)slot->length;
    return SQLITE_OK;
  }
  if (data->sizes && sqlite3_blob_reopen(data->sizes, rowid) == SQLITE_OK) {
    unsigned char record[32];
    int length = sqlite3_blob_bytes(data->sizes);
    if (length > 0 && length <= (int)sizeof(record) &&
        sqlite3_blob_read(data->sizes, record, length, 0) == SQLITE_OK) {
      *out = sumVarints(record, length);
      if (slot) *slot = (CachedLength){rowid, (unsigned)*out, data->lengths->epoch};
      return SQLITE_OK;
    }
  }
  return api->xColumnSize(fts, -1, out);
}

static void skrBm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int argc, sqlite3_value **argv) {
  const char *docsizeTable = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : 0;
  const char *expression = argc > 1 ? (const char *)sqlite3_value_text(argv[1]) : 0;
  QueryData *data = 0;
  int rc = queryData(api, fts, ctx, docsizeTable, expression, &data);
  int instances = 0, length = 0;
  if (rc == SQLITE_OK) {
    memset(data->freq, 0, sizeof(double) * (size_t)data->phrases);
    rc = api->xInstCount(fts, &instances);
  }
  for (int i = 0; rc == SQLITE_OK && i < instances; i++) {
    int phrase, column, offset;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK) data->freq[phrase] += 1.0;
  }
  if (rc == SQLITE_OK) rc = rowLength(api, fts, data, &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double norm = 1.0 - B + B * (double)length / data->avgdl;
  double score = 0.0;
  for (int i = 0; i < data->phrases; i++)
    score += data->idf[i] * (data->freq[i] * (K1 + 1.0)) / (data->freq[i] + K1 * norm);
  sqlite3_result_double(ctx, -score);
}

/* The rows' numbers so far: `count` doubles in `values`, room for `capacity`. */
typedef struct {
  double *values;
  sqlite3_int64 count;
  sqlite3_int64 capacity;
} Doubles;

static void pairsStep(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  Doubles *pairs = (Doubles *)sqlite3_aggregate_context(ctx, sizeof(Doubles));
  if (!pairs) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (pairs->count + 2 > pairs->capacity) {
    sqlite3_int64 capacity = pairs->capacity ? pairs->capacity * 2 : 512;
    double *values = sqlite3_realloc64(pairs->values, sizeof(double) * (sqlite3_uint64)capacity);
    if (!values) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    pairs->values = values;
    pairs->capacity = capacity;
  }
  pairs->values[pairs->count++] = sqlite3_value_double(argv[0]);
  pairs->values[pairs->count++] = sqlite3_value_double(argv[1]);
}

static void pairsFinal(sqlite3_context *ctx) {
  Doubles *pairs = (Doubles *)sqlite3_aggregate_context(ctx, 0);
  if (!pairs || !pairs->count) {
    sqlite3_free(pairs ? pairs->values : 0);
    sqlite3_result_zeroblob(ctx, 0);
    return;
  }
  sqlite3_result_blob64(ctx, pairs->values, sizeof(double) * (sqlite3_uint64)pairs->count,
                        sqlite3_free);
}

/*
 * glibc serves a request of 128 KiB or more with a mapping of its own, given back whole when freed,
 * but each time such a mapping is freed it raises that threshold to the freed size (up to 32 MiB),
 * and the trim threshold to twice that. In a long-running process the large, short-lived buffers
 * of every thread (query results, messages, V8's compiler zones) then come from the threads'
 * arenas, where they leave fragments that are never given back: in a 14-minute import / delete
 * soak the SQL threads' arenas grew by 13 MB and the process by 44 %/h, with fixed thresholds
 * 3.9 %/h (both runs side by side). Setting the thresholds turns the adjustment off for the
 * whole process.
 *
 * It also stops glibc making more arenas: a thread that finds every arena taken by another gets
 * a fresh one, up to 8 per core, and with an SQL thread renewed every minute beside the V8 and
 * libuv threads a soak's process mapped all 16 on two cores, each keeping its own free fragments.
 * glibc reads the limit when it next needs an arena; as it is below the arenas made by then,
 * threads started later share those (8 through a 30-minute soak). Resident memory at rest in such
 * soaks grew 0.89-0.92 %/h in four runs with the limit (1.48 in a fifth), 1.13-1.74 %/h without.
 */
static void tuneMalloc(void) {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  mallopt(M_TRIM_THRESHOLD, 128 * 1024);
  mallopt(M_ARENA_MAX, 2);
#endif
}

#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
/* How many arenas malloc has made (each is one <heap> of malloc_info's report); -1 if unknown. */
static int arenaCount(void) {
  char *report = 0;
  size_t size = 0;
  FILE *out = open_memstream(&report, &size);
  if (!out) return -1;
  malloc_info(0, out);
  fclose(out);
  int count = 0;
  for (const char *at = report; at && (at = strstr(at, "<heap nr=")); at++) count++;
  free(report);
  return count;
}
#endif

/*
 * skr_malloc_stats(): the process's malloc figures as JSON (NULL without glibc 2.33+): bytes its
 * arenas hold, of which in use and free, bytes in chunks mapped on their own, and its arenas.
 */
static void mallocStats(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
  struct mallinfo2 info = mallinfo2();
  sqlite3_result_text(ctx,
                      sqlite3_mprintf("{\"arenaBytes\":%llu,\"inUseBytes\":%llu,\"freeBytes\":%llu,"
                                      "\"mappedBytes\":%llu,\"mappedChunks\":%llu,\"arenas\":%d}",
                                      (unsigned long long)info.arena,
                                      (unsigned long long)info.uordblks,
                                      (unsigned long long)info.fordblks,
                                      (unsigned long long)info.hblkhd,
                                      (unsigned long long)info.hblks, arenaCount()),
                      -1, sqlite3_free);
#else
  sqlite3_result_null(ctx);
#endif
}

/*
 * skr_malloc_trim(): gives the free pages inside every malloc arena back to the system (glibc's
 * malloc_trim); 1 if it released any, 0 if not, NULL without glibc. The thresholds above keep
 * large buffers out of the arenas, but the small allocations of threads that work in bursts still
 * leave free pages scattered through them, which glibc gives back only from an arena's top:
 * trimmed whenever the SQL threads fall idle, the soak's resident memory at rest was 4-5 MB lower.
 */
static void mallocTrim(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
#ifdef __GLIBC__
  sqlite3_result_int(ctx, malloc_trim(0));
#else
  sqlite3_result_null(ctx);
#endif
}

/* The entry point SQLite derives from the file name: the letters of "skr_bm25". */
int sqlite3_skrbm_init(sqlite3 *db, char **error, const sqlite3_api_routines *routines) {
  SQLITE_EXTENSION_INIT2(routines);
  tuneMalloc();
  fts5_api *fts = 0;
  sqlite3_stmt *stmt = 0;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, 0) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, (void *)&fts, "fts5_api_ptr", 0);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  if (!fts || fts->iVersion < 2) {
    *error = sqlite3_mprintf("skr_bm25 needs FTS5");
    return SQLITE_ERROR;
  }
  Ranker *ranker = sqlite3_malloc64(sizeof(Ranker));
  if (!ranker) return SQLITE_NOMEM;
  memset(ranker, 0, sizeof(Ranker));
  int rc = fts->xCreateFunction(fts, "skr_bm25", ranker, skrBm25, freeRanker);
  if (rc != SQLITE_OK) {
    freeRanker(ranker);
    return rc;
  }
  rc = sqlite3_create_function_v2(db, "skr_pairs", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS, 0, 0,
                                  pairsStep, pairsFinal, 0);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_create_function_v2(db, "skr_malloc_stats", 0, SQLITE_UTF8, 0, mallocStats, 0, 0, 0);
  if (rc != SQLITE_OK) return rc;
  return sqlite3_create_function_v2(db, "skr_malloc_trim", 0, SQLITE_UTF8, 0, mallocTrim, 0, 0, 0);
}
