package store

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"time"
)

// stateBusyTimeout is how long a state.db statement waits for another
// process's write transaction. (A variable: tests shorten it.)
var stateBusyTimeout = 10 * time.Second

// walLimit bounds state.db-wal: journal_size_limit truncates it to this
// after a checkpoint, and a write that leaves it larger checkpoints
// (TRUNCATE) at once, so no command reads more than about this at start.
const walLimit = 1 << 20

// schema holds the migrations of state.db, in order; PRAGMA user_version is
// how many have run.
var schema = []string{
	// 1: per-profile state, history, and the v1 import marker.
	`CREATE TABLE profile_state (
		profile         TEXT PRIMARY KEY,
		last_used       INTEGER,          -- unix ns, NULL = never
		last_call       INTEGER,          -- history.id of the newest entry
		tok_expires_in  INTEGER,          -- as the server sent it; NULL = no cached token
		tok_expires_at  INTEGER,          -- unix ns, clamped
		tok_obtained_at INTEGER,
		tok_relative    INTEGER NOT NULL DEFAULT 0
	) WITHOUT ROWID;
	CREATE TABLE history (
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		profile    TEXT NOT NULL,
		time       INTEGER NOT NULL,
		kind       TEXT NOT NULL,
		status     INTEGER NOT NULL,
		duration   INTEGER NOT NULL,
		error      TEXT NOT NULL,
		request_id TEXT NOT NULL,
		endpoint   TEXT NOT NULL
	);
	CREATE INDEX history_profile ON history(profile, id);
	CREATE INDEX history_time ON history(time);
	CREATE TABLE v1_import (source TEXT PRIMARY KEY, at INTEGER NOT NULL);`,
	// 2: each call's masked request and response (history_exchange.go),
	// pruned with its history row.
	`CREATE TABLE history_exchange (
		id       INTEGER PRIMARY KEY, -- history.id
		exchange TEXT NOT NULL        -- JSON of Exchange, secrets masked
	);
	CREATE TRIGGER history_exchange_prune AFTER DELETE ON history
		BEGIN DELETE FROM history_exchange WHERE id = OLD.id; END;`,
}

// stateDB is state.db: cached-token metadata, history and last-used.
type stateDB struct {
	db       *sql.DB
	path     string
	readOnly bool
	wrote    atomic.Bool // a write transaction committed: close checkpoints
}

// errNewerState is a schema version this code does not know.
var errNewerState = errors.New("newer schema version")

// openSQLite opens the database and brings its schema up to date; mode "ro"
// opens it immutable (a read-only store, where no -shm can be made).
func openSQLite(path, mode string) (*stateDB, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", stateBusyTimeout.Milliseconds()))
	q.Add("_txlock", "immediate")
	if mode == "ro" {
		q.Add("mode", "ro")
		q.Add("immutable", "1")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", fmt.Sprintf("journal_size_limit(%d)", walLimit))
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one connection: statements of this process queue here, not on SQLITE_BUSY
	st := &stateDB{db: db, path: path, readOnly: mode == "ro"}
	if err := st.migrate(); err != nil {
		db.Close()
		return nil, err
	}
	return st, nil
}

// close closes the database; a connection that wrote first folds the WAL
// into the database and truncates it, so the next process starts without
// one.
func (st *stateDB) close() error {
	if st.wrote.Load() && !st.readOnly {
		st.checkpoint()
	}
	return st.db.Close()
}

// checkpoint copies the WAL into the database and truncates it. It does
// not wait for readers of other processes: a checkpoint that cannot finish
// now is retried by the next one.
func (st *stateDB) checkpoint() {
	st.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
}

// afterWrite checkpoints when the WAL has grown past walLimit.
func (st *stateDB) afterWrite() {
	st.wrote.Store(true)
	if fi, err := os.Lstat(st.path + "-wal"); err == nil && fi.Size() > walLimit {
		st.checkpoint()
	}
}

// migrate runs the schema migrations not yet applied.
func (st *stateDB) migrate() error {
	var v int
	if err := st.db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return err
	}
	if v > len(schema) {
		return fmt.Errorf("%w %d (this authdeck knows %d)", errNewerState, v, len(schema))
	}
	if v == len(schema) || st.readOnly {
		return nil
	}
	tx, err := st.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil { // another process may have migrated meanwhile
		return err
	}
	for ; v < len(schema); v++ {
		if _, err := tx.Exec(schema[v]); err != nil {
			return fmt.Errorf("schema migration %d: %w", v+1, err)
		}
		if _, err := tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, v+1)); err != nil {
			return err
		}
	}
	return tx.Commit()
}
