/*
 * SQLite extension: skr_bm25(fts_table, 'docsize_table'), FTS5's bm25() with the same formula and
 * constants (k1 = 1.2, b = 0.75, every column weighing 1), hence the same scores. bm25() reads
 * each scored row's length with xColumnSize, a statement step on the table's %_docsize per row;
 * this keeps one incremental-blob handle on %_docsize and moves it from row to row, which costs
 * less. Built by scripts/build.mjs; where it is missing, search ranks with bm25() (connection.ts).
 */
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1
#include <math.h>
#include <string.h>

#define K1 1.2
#define B 0.75

typedef struct {
  int phrases;
  double *idf;
  double *freq;
  double avgdl;
  sqlite3_blob *sizes; /* on the %_docsize row of the current row; null when unavailable */
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

/* IDF of each phrase and the average row length, once per query (as bm25() computes them). */
static int queryData(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                     const char *docsizeTable, QueryData **out) {
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
  for (int i = 0; rc == SQLITE_OK && i < phrases; i++) {
    sqlite3_int64 hits = 0;
    rc = api->xQueryPhrase(fts, i, &hits, countRow);
    double idf = log((rows - hits + 0.5) / (hits + 0.5));
    data->idf[i] = idf <= 0.0 ? 1e-6 : idf;
  }
  if (rc == SQLITE_OK && docsizeTable &&
      sqlite3_blob_open(sqlite3_context_db_handle(ctx), "main", docsizeTable, "sz",
                        api->xRowid(fts), 0, &data->sizes) != SQLITE_OK)
    data->sizes = 0;
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

/* Tokens in the current row: from the blob handle, else (no handle, odd record) from FTS5. */
static int rowLength(const Fts5ExtensionApi *api, Fts5Context *fts, QueryData *data, int *out) {
  if (data->sizes && sqlite3_blob_reopen(data->sizes, api->xRowid(fts)) == SQLITE_OK) {
    unsigned char record[32];
    int length = sqlite3_blob_bytes(data->sizes);
    if (length > 0 && length <= (int)sizeof(record) &&
        sqlite3_blob_read(data->sizes, record, length, 0) == SQLITE_OK) {
      *out = sumVarints(record, length);
      return SQLITE_OK;
    }
  }
  return api->xColumnSize(fts, -1, out);
}

static void skrBm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                    int argc, sqlite3_value **argv) {
  const char *docsizeTable = argc > 0 ? (const char *)sqlite3_value_text(argv[0]) : 0;
  QueryData *data = 0;
  int rc = queryData(api, fts, ctx, docsizeTable, &data);
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

/* The entry point SQLite derives from the file name: the letters of "skr_bm25". */
#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_skrbm_init(sqlite3 *db, char **error, const sqlite3_api_routines *routines) {
  SQLITE_EXTENSION_INIT2(routines);
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
  return fts->xCreateFunction(fts, "skr_bm25", 0, skrBm25, 0);
}
