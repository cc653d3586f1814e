import GRDB

extension SQLiteJobStore {
    /// The schema's versions, applied in order by GRDB's migrator and recorded in the database
    /// (`grdb_migrations`), so that a newer Peregrine upgrades an older store in place and an
    /// older one refuses a store it does not know.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: jobs and periodic runs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE peregrine_jobs (
                        id TEXT NOT NULL UNIQUE,
                        type TEXT NOT NULL,
                        queue TEXT NOT NULL,
                        payload BLOB NOT NULL,
                        state TEXT NOT NULL,
                        priority INTEGER NOT NULL DEFAULT 0,
                        run_at REAL NOT NULL,
                        attempt INTEGER NOT NULL DEFAULT 0,
                        failures INTEGER NOT NULL DEFAULT 0,
                        max_attempts INTEGER NOT NULL,
                        lease_until REAL,
                        worker TEXT,
                        unique_key TEXT,
                        errors TEXT NOT NULL DEFAULT '[]',
                        enqueued_at REAL NOT NULL,
                        started_at REAL,
                        finished_at REAL,
                        cancel_requested INTEGER NOT NULL DEFAULT 0,
                        request_id TEXT
                    );
                    -- Claims read due jobs of one queue in claim order; leases are swept by expiry.
                    CREATE INDEX peregrine_jobs_due ON peregrine_jobs (queue, priority DESC, run_at)
                        WHERE state = 'available';
                    CREATE INDEX peregrine_jobs_leases ON peregrine_jobs (lease_until) WHERE state = 'running';
                    CREATE INDEX peregrine_jobs_unique ON peregrine_jobs (type, unique_key)
                        WHERE unique_key IS NOT NULL;
                    CREATE INDEX peregrine_jobs_finished ON peregrine_jobs (finished_at)
                        WHERE finished_at IS NOT NULL;
                    -- One row per period of each periodic schedule: whichever process inserts it
                    -- enqueues that period's job.
                    CREATE TABLE peregrine_periodic_runs (
                        name TEXT NOT NULL,
                        period_start REAL NOT NULL,
                        job_id TEXT NOT NULL,
                        PRIMARY KEY (name, period_start)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
