import { createRequire as __gsRequire } from 'node:module'; const require = __gsRequire(import.meta.url);
import{diskFullError,isDiskFullError}from"./chunk-GSRBJECH.js";import{ApiError}from"./chunk-4U6EBH25.js";import{dirname}from"node:path";import BetterSqlite3 from"better-sqlite3";var DatabaseNewerError=class extends ApiError{constructor(file,found,known){super("database_newer",`the studio database ${file} is at schema version ${found}, but this GAN Studio knows versions up to ${known}: update GAN Studio, or point --home at another folder`)}},DatabaseCorruptError=class extends ApiError{constructor(file,detail){super("database_corrupt",`the studio database ${file} is not a readable SQLite database (${detail}): move it aside or restore a backup`)}},DatabaseLockedError=class extends ApiError{constructor(file){super("database_locked",`the studio database ${file} stayed locked by another process: close the other GAN Studio or wait and retry`)}};var migrateToV1={version:1,name:"jobs",up(db){db.exec(`
      CREATE TABLE jobs (
        job_id      TEXT PRIMARY KEY,
        kind        TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('queued','running','paused','completed','stopped','failed','interrupted')),
        params_json TEXT NOT NULL,
        step        INTEGER NOT NULL DEFAULT 0,
        total_steps INTEGER NOT NULL DEFAULT 0,
        backend     TEXT,
        error       TEXT,
        created_at  TEXT NOT NULL,
        started_at  TEXT,
        ended_at    TEXT,
        -- pid of the process that runs it: a running job whose owner is gone was interrupted
        owner_pid   INTEGER,
        -- a pause / resume / stop asked by any face, carried out by the scheduler that owns the job
        control     TEXT CHECK (control IN ('pause','resume','stop')),
        output_json TEXT
      );
      CREATE INDEX jobs_status ON jobs(status, created_at);
      CREATE TABLE job_logs (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id  TEXT NOT NULL REFERENCES jobs(job_id) ON DELETE CASCADE,
        level   TEXT NOT NULL,
        message TEXT NOT NULL,
        time    TEXT NOT NULL
      );
      CREATE INDEX job_logs_job ON job_logs(job_id, id);
      -- One scheduler per home: the process holding this lease runs the queue; the others only enqueue.
      CREATE TABLE scheduler_lease (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        owner_pid    INTEGER NOT NULL,
        instance_id  TEXT NOT NULL,
        face         TEXT NOT NULL,
        heartbeat_at INTEGER NOT NULL
      );
    `)}};var migrateToV2={version:2,name:"datasets",up(db){db.exec(`
      CREATE TABLE datasets (
        dataset_id        TEXT PRIMARY KEY,
        name              TEXT NOT NULL UNIQUE,
        kind              TEXT NOT NULL CHECK (kind IN ('labeled','domain')),
        -- the version NAME resolves to: the last one imported (re-importing an old state makes it latest again)
        latest_version_id TEXT,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
      );
      CREATE TABLE dataset_versions (
        version_id       TEXT PRIMARY KEY,
        dataset_id       TEXT NOT NULL REFERENCES datasets(dataset_id) ON DELETE CASCADE,
        seq              INTEGER NOT NULL,
        manifest_sha256  TEXT NOT NULL,
        source_folder    TEXT NOT NULL,
        count            INTEGER NOT NULL,
        holdout_fraction REAL NOT NULL,
        split_seed       INTEGER NOT NULL,
        skipped_json     TEXT NOT NULL,
        empty_classes_json TEXT NOT NULL,
        diff_json        TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        UNIQUE (dataset_id, seq),
        UNIQUE (dataset_id, manifest_sha256)
      );
      CREATE TABLE dataset_classes (
        version_id  TEXT NOT NULL REFERENCES dataset_versions(version_id) ON DELETE CASCADE,
        class_index INTEGER NOT NULL,
        name        TEXT NOT NULL,
        folder      TEXT NOT NULL,
        count       INTEGER NOT NULL,
        PRIMARY KEY (version_id, class_index)
      );
      CREATE TABLE dataset_files (
        version_id  TEXT NOT NULL REFERENCES dataset_versions(version_id) ON DELETE CASCADE,
        file_index  INTEGER NOT NULL,
        rel_path    TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        class_index INTEGER NOT NULL,
        width       INTEGER NOT NULL,
        height      INTEGER NOT NULL,
        channels    INTEGER NOT NULL,
        format      TEXT NOT NULL,
        split       TEXT NOT NULL CHECK (split IN ('train','holdout')),
        PRIMARY KEY (version_id, file_index)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX dataset_files_path ON dataset_files(version_id, rel_path);
      -- lineage looks real images up by content; re-imports reuse what is known about a hash
      CREATE INDEX dataset_files_sha ON dataset_files(sha256);
    `)}};var migrateToV3={version:3,name:"runs",up(db){db.exec(`
      CREATE TABLE runs (
        run_id              TEXT PRIMARY KEY REFERENCES jobs(job_id) ON DELETE CASCADE,
        kind                TEXT NOT NULL,
        -- the datasets trained on: [{role, ref, versionId, name}]
        datasets_json       TEXT NOT NULL,
        config_json         TEXT NOT NULL,
        config_diff_json    TEXT NOT NULL,
        preset              TEXT,
        -- {app, tfjs, backend}; backend and tfjs are filled in by the worker once it has resolved them
        versions_json       TEXT NOT NULL,
        run_dir             TEXT NOT NULL,
        created_at          TEXT NOT NULL
      );
      CREATE TABLE run_checkpoints (
        run_id     TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        step       INTEGER NOT NULL,
        path       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      ) WITHOUT ROWID;
      CREATE TABLE run_metrics (
        run_id       TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        step         INTEGER NOT NULL,
        metrics_json TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      ) WITHOUT ROWID;
      CREATE TABLE run_samples (
        run_id     TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        step       INTEGER NOT NULL,
        path       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      ) WITHOUT ROWID;
      CREATE TABLE run_warnings (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id  TEXT NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
        step    INTEGER NOT NULL,
        code    TEXT NOT NULL,
        message TEXT NOT NULL,
        time    TEXT NOT NULL
      );
      CREATE INDEX run_warnings_run ON run_warnings(run_id, id);
    `)}};var migrateToV4={version:4,name:"samples",up(db){db.exec(`
      CREATE TABLE sample_batches (
        batch_id            TEXT PRIMARY KEY,
        run_id              TEXT NOT NULL REFERENCES runs(run_id) ON DELETE RESTRICT,
        checkpoint_step     INTEGER NOT NULL,
        weights             TEXT NOT NULL CHECK (weights IN ('ema','raw')),
        seed                INTEGER NOT NULL,
        truncation          REAL,
        per_class           INTEGER NOT NULL,
        resolution          INTEGER NOT NULL,
        channels            INTEGER NOT NULL,
        dataset_version_id  TEXT NOT NULL,
        -- [{index, name}] of the classes generated; all class names of the run in run_snapshot_json
        classes_json        TEXT NOT NULL,
        -- {config, classNames, datasets}: the run as it was when the batch was made
        run_snapshot_json   TEXT NOT NULL,
        -- GenerationRecipe: rng, chunk, bnReference, app/tfjs/backend versions (filled in by the worker)
        recipe_json         TEXT NOT NULL,
        created_at          TEXT NOT NULL
      );
      CREATE INDEX sample_batches_run ON sample_batches(run_id);
      CREATE TABLE samples (
        sample_id    INTEGER PRIMARY KEY,
        batch_id     TEXT NOT NULL REFERENCES sample_batches(batch_id) ON DELETE CASCADE,
        class_index  INTEGER NOT NULL,
        sample_index INTEGER NOT NULL,
        sha256       TEXT NOT NULL,
        -- relative to the studio home: samples/<aa>/<sha256>.png
        path         TEXT NOT NULL,
        kept         INTEGER NOT NULL DEFAULT 1,
        UNIQUE (batch_id, class_index, sample_index)
      );
      CREATE INDEX samples_sha ON samples(sha256);
      CREATE TABLE exports (
        export_id       TEXT PRIMARY KEY,
        out_dir         TEXT NOT NULL,
        format          TEXT NOT NULL,
        resolution      INTEGER,
        with_real_version_id TEXT,
        ratio           REAL,
        batch_ids_json  TEXT NOT NULL,
        files           INTEGER NOT NULL,
        synthetic       INTEGER NOT NULL,
        real            INTEGER NOT NULL,
        created_at      TEXT NOT NULL,
        -- null while the folder is being put in place (rows are written before the final rename)
        completed_at    TEXT,
        -- set when a later export with --overwrite replaced this folder
        replaced_at     TEXT
      );
      CREATE TABLE export_files (
        export_id      TEXT NOT NULL REFERENCES exports(export_id) ON DELETE CASCADE,
        file_name      TEXT NOT NULL,
        sha256         TEXT NOT NULL,
        label          TEXT NOT NULL,
        sample_id      INTEGER REFERENCES samples(sample_id) ON DELETE RESTRICT,
        -- a real image: the dataset version and the original's hash
        real_version_id TEXT,
        source_sha256  TEXT,
        PRIMARY KEY (export_id, file_name)
      ) WITHOUT ROWID;
      CREATE INDEX export_files_sha ON export_files(sha256);
      CREATE INDEX export_files_sample ON export_files(sample_id);
    `)}};var migrateToV5={version:5,name:"cyclegan-translations",up(db){db.exec(`
      -- 'a2b' or 'b2a' for a translation batch
      ALTER TABLE sample_batches ADD COLUMN direction TEXT CHECK (direction IS NULL OR direction IN ('a2b', 'b2a'));
      -- {kind: 'dir', path} or {kind: 'dataset', ref, versionId, labeled}: what was translated
      ALTER TABLE sample_batches ADD COLUMN source_json TEXT;
      -- the translated file: its hash (lineage) and where it was read (absolute path at translation time)
      ALTER TABLE samples ADD COLUMN source_sha256 TEXT;
      ALTER TABLE samples ADD COLUMN source_path TEXT;
      CREATE INDEX samples_source_sha ON samples(source_sha256);
    `)}};var migrateToV6={version:6,name:"export-writer",up(db){db.exec(`
      -- the hidden temporary folder next to out_dir that the export is written to (before the final rename)
      ALTER TABLE exports ADD COLUMN tmp_dir TEXT;
      -- the pid of the process writing it; a pending export whose process is gone was interrupted
      ALTER TABLE exports ADD COLUMN writer_pid INTEGER;
    `)}};var migrateToV7={version:7,name:"sample-bytes",up(db){db.exec(`
      -- size of the file at path; NULL = not measured yet (rows from before version 7), 0 = file missing when measured
      ALTER TABLE samples ADD COLUMN bytes INTEGER;
      -- only the rows still to measure: empty once they are filled, so looking for them costs nothing
      CREATE INDEX samples_bytes_unknown ON samples(sample_id) WHERE bytes IS NULL;
      -- a batch's disk use (each distinct file once) read from the index alone: ~20 ms instead of ~180 ms for
      -- 100,000 samples, for ~90 bytes a row (about a tenth of a 28 px sample's PNG)
      CREATE INDEX samples_batch_bytes ON samples(batch_id, sha256, bytes);
    `)}};var migrateToV8={version:8,name:"deletions",up(db){db.exec(`
      ALTER TABLE datasets ADD COLUMN deleted_at TEXT;
      ALTER TABLE runs ADD COLUMN deleted_at TEXT;
      ALTER TABLE sample_batches ADD COLUMN deleted_at TEXT;
      ALTER TABLE exports ADD COLUMN deleted_at TEXT;
      CREATE TABLE pending_deletes (
        path        TEXT PRIMARY KEY,
        recorded_at TEXT NOT NULL
      );
    `)}};var migrateToV9={version:9,name:"evaluations",up(db){db.exec(`
      CREATE TABLE evaluations (
        evaluation_id      TEXT PRIMARY KEY REFERENCES jobs(job_id) ON DELETE CASCADE,
        -- the real data: its TRAIN split trained every arm
        dataset_version_id TEXT NOT NULL,
        -- the labeled test dataset; NULL = the held-out split of dataset_version_id
        test_version_id    TEXT,
        test_count         INTEGER NOT NULL,
        seeds_json         TEXT NOT NULL,
        ratios_json        TEXT NOT NULL,
        steps              INTEGER NOT NULL,
        -- the classifier's settings (EVALUATOR_CONFIG), resolution, channels, backend, app and tfjs versions
        evaluator_json     TEXT NOT NULL,
        -- EvaluationResult (shared/domain/evaluation.ts)
        result_json        TEXT NOT NULL,
        recommended_ratio  REAL,
        created_at         TEXT NOT NULL
      );
      CREATE TABLE evaluation_batches (
        evaluation_id   TEXT NOT NULL REFERENCES evaluations(evaluation_id) ON DELETE CASCADE,
        batch_id        TEXT NOT NULL,
        run_id          TEXT NOT NULL,
        checkpoint_step INTEGER NOT NULL,
        -- kept samples of the batch that the evaluation used
        samples         INTEGER NOT NULL,
        PRIMARY KEY (evaluation_id, batch_id)
      ) WITHOUT ROWID;
      CREATE INDEX evaluation_batches_batch ON evaluation_batches(batch_id);
      CREATE INDEX evaluation_batches_run ON evaluation_batches(run_id);
    `)}};var MIGRATIONS=[migrateToV1,migrateToV2,migrateToV3,migrateToV4,migrateToV5,migrateToV6,migrateToV7,migrateToV8,migrateToV9];function openDatabase(file,options={}){let migrations=options.migrations??MIGRATIONS,nativeBinding=options.nativeBinding??process.env.GAN_STUDIO_SQLITE_BINDING,db;try{db=new BetterSqlite3(file,nativeBinding?{nativeBinding}:{})}catch(err){throw new DatabaseCorruptError(file,err.message)}try{return db.pragma(`busy_timeout = ${options.busyTimeoutMs??5e3}`),db.pragma("journal_mode = WAL"),db.pragma("foreign_keys = ON"),db.pragma("synchronous = NORMAL"),migrate(db,file,migrations),db}catch(err){throw db.close(),translateSqliteError(err,file)}}function latestSchemaVersion(migrations=MIGRATIONS){return migrations.at(-1)?.version??0}function migrate(db,file,migrations){migrations.forEach((m,i)=>{if(m.version!==i+1)throw new Error(`migration ${m.name} has version ${m.version}, expected ${i+1}`)});let known=latestSchemaVersion(migrations);db.transaction(()=>{let current=db.pragma("user_version",{simple:!0});if(current>known)throw new DatabaseNewerError(file,current,known);for(let m of migrations)m.version<=current||(m.up(db),db.pragma(`user_version = ${m.version}`))}).immediate()}function translateSqliteError(err,file){let code=err.code??"";return code==="SQLITE_NOTADB"||code==="SQLITE_CORRUPT"?new DatabaseCorruptError(file,err.message):code==="SQLITE_BUSY"||code==="SQLITE_LOCKED"?new DatabaseLockedError(file):isDiskFullError(err,dirname(file))?diskFullError(err,dirname(file)):err}export{openDatabase,latestSchemaVersion};
