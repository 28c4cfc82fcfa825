-- The tables of a Pyrometer store at schema version 3, in DuckDB's types (PostgreSQL stores BLOB as BYTEA).
-- Generated from Tables.java, where each table is declared once; the collector does not read this file.
-- Regenerate: mvn -o -pl collector -am test -Dtest=TablesTest -Dsurefire.failIfNoSpecifiedTests=false -Dpyrometer.schema.write=true
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_ms BIGINT, description VARCHAR, PRIMARY KEY (version));
CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR, app_id VARCHAR, attempt_id VARCHAR, app_name VARCHAR, series VARCHAR, user_name VARCHAR, spark_version VARCHAR, master VARCHAR, status VARCHAR, start_ms BIGINT, end_ms BIGINT, duration_ms BIGINT, end_seen BOOLEAN, exit_code INTEGER, kafka_partition INTEGER, events BIGINT, jobs INTEGER, stages INTEGER, tasks INTEGER, failed_tasks INTEGER, peak_python_rss BIGINT, lost_events BIGINT, seq_gaps BIGINT, emitter_dropped BIGINT, listener_bus_dropped BIGINT, suppressed_errors BIGINT, duplicates BIGINT, inconsistent_events BIGINT, updated_ms BIGINT, scale FLOAT8, PRIMARY KEY (run_id));
CREATE TABLE IF NOT EXISTS events (run_id VARCHAR, instance_id VARCHAR, seq BIGINT, time_us BIGINT, payload_type VARCHAR, topic VARCHAR, kafka_partition INTEGER, kafka_offset BIGINT, duplicate BOOLEAN, body BLOB);
CREATE TABLE IF NOT EXISTS jobs (run_id VARCHAR, job_id INTEGER, submit_ms BIGINT, end_ms BIGINT, succeeded BOOLEAN, description VARCHAR, call_site VARCHAR, job_group VARCHAR, stage_ids VARCHAR, total_tasks INTEGER, failure_class VARCHAR, failure_message VARCHAR);
CREATE TABLE IF NOT EXISTS stages (run_id VARCHAR, stage_id INTEGER, attempt_id INTEGER, job_id INTEGER, name VARCHAR, num_tasks INTEGER, submit_ms BIGINT, complete_ms BIGINT, failure_reason VARCHAR, tasks_succeeded INTEGER, tasks_failed INTEGER, input_bytes BIGINT, shuffle_read_bytes BIGINT, shuffle_write_bytes BIGINT, spill_bytes BIGINT, task_time_ms BIGINT);
CREATE TABLE IF NOT EXISTS tasks (run_id VARCHAR, task_id BIGINT, stage_id INTEGER, stage_attempt INTEGER, task_index INTEGER, attempt INTEGER, executor_id VARCHAR, host VARCHAR, launch_ms BIGINT, finish_ms BIGINT, duration_ms BIGINT, status VARCHAR, speculative BOOLEAN, run_time_ms BIGINT, cpu_ms BIGINT, gc_ms BIGINT, input_bytes BIGINT, shuffle_read_bytes BIGINT, shuffle_write_bytes BIGINT, spill_bytes BIGINT, result_bytes BIGINT, peak_execution_memory BIGINT, peak_jvm_heap BIGINT, peak_python_rss BIGINT, failure_kind VARCHAR);
CREATE TABLE IF NOT EXISTS executors (run_id VARCHAR, executor_id VARCHAR, host VARCHAR, cores INTEGER, added_ms BIGINT, removed_ms BIGINT, remove_reason VARCHAR, clock_offset_ms BIGINT, tasks INTEGER, failed_tasks INTEGER);
CREATE TABLE IF NOT EXISTS processes (run_id VARCHAR, process_key VARCHAR, source_instance VARCHAR, executor_id VARCHAR, host VARCHAR, pid BIGINT, ppid BIGINT, kind VARCHAR, command VARCHAR, start_ms BIGINT, first_ms BIGINT, last_ms BIGINT, exited BOOLEAN, peak_rss_bytes BIGINT, samples INTEGER);
CREATE TABLE IF NOT EXISTS samples (run_id VARCHAR, origin VARCHAR, process_key VARCHAR, executor_id VARCHAR, pid BIGINT, kind VARCHAR, time_ms BIGINT, rss_bytes BIGINT, pss_bytes BIGINT, cpu_ms BIGINT, task_id BIGINT, heap_used BIGINT, heap_max BIGINT, gc_time_ms BIGINT);
CREATE TABLE IF NOT EXISTS py4j_calls (run_id VARCHAR, row_kind VARCHAR, executor_id VARCHAR, start_ms BIGINT, end_ms BIGINT, target_class VARCHAR, method VARCHAR, calls BIGINT, errors BIGINT, total_us BIGINT, max_us BIGINT, total_response_chars BIGINT, max_response_chars BIGINT, reason VARCHAR, thread_name VARCHAR, job_group VARCHAR, error_class VARCHAR, error_message VARCHAR);
CREATE TABLE IF NOT EXISTS serializer_stats (run_id VARCHAR, executor_id VARCHAR, start_ms BIGINT, end_ms BIGINT, serializer VARCHAR, operation VARCHAR, calls BIGINT, bytes BIGINT, total_us BIGINT, max_us BIGINT, max_bytes BIGINT, errors BIGINT);
CREATE TABLE IF NOT EXISTS failures (run_id VARCHAR, time_ms BIGINT, scope VARCHAR, ref VARCHAR, executor_id VARCHAR, kind VARCHAR, class_name VARCHAR, message VARCHAR, stack_trace VARCHAR);
CREATE TABLE IF NOT EXISTS lost_events (run_id VARCHAR, source_instance VARCHAR, role VARCHAR, executor_id VARCHAR, host VARCHAR, counter VARCHAR, count BIGINT);
CREATE TABLE IF NOT EXISTS source_loss (run_id VARCHAR, source_instance VARCHAR, role VARCHAR, executor_id VARCHAR, host VARCHAR, pid BIGINT, received BIGINT, first_seq BIGINT, last_seq BIGINT, last_event_ms BIGINT, missing BIGINT, counted_drops BIGINT, unaccounted BIGINT, final_report BOOLEAN, verdict VARCHAR);
CREATE TABLE IF NOT EXISTS rejected_records (topic VARCHAR, kafka_partition INTEGER, kafka_offset BIGINT, reason VARCHAR, detail VARCHAR, record_key VARCHAR, size_bytes INTEGER, body BLOB, received_ms BIGINT, run_id VARCHAR, PRIMARY KEY (topic, kafka_partition, kafka_offset));
CREATE TABLE IF NOT EXISTS findings (run_id VARCHAR, finding_id VARCHAR, severity VARCHAR, category VARCHAR, title VARCHAR, detail VARCHAR, created_ms BIGINT);
CREATE TABLE IF NOT EXISTS connect_sessions (run_id VARCHAR, session_id VARCHAR, user_id VARCHAR, state VARCHAR, start_ms BIGINT, end_ms BIGINT, last_activity_ms BIGINT, operations INTEGER, failed_operations INTEGER, jobs INTEGER, tasks INTEGER);
CREATE TABLE IF NOT EXISTS connect_operations (run_id VARCHAR, operation_id VARCHAR, session_id VARCHAR, user_id VARCHAR, job_tag VARCHAR, statement VARCHAR, state VARCHAR, start_ms BIGINT, analyzed_ms BIGINT, ready_ms BIGINT, finish_ms BIGINT, close_ms BIGINT, duration_ms BIGINT, rows_produced BIGINT, error VARCHAR, jobs INTEGER, failed_jobs INTEGER, tasks INTEGER, failed_tasks INTEGER, task_time_ms BIGINT, input_bytes BIGINT, shuffle_read_bytes BIGINT, shuffle_write_bytes BIGINT, spill_bytes BIGINT);
CREATE TABLE IF NOT EXISTS connect_operation_jobs (run_id VARCHAR, job_id INTEGER, operation_id VARCHAR, session_id VARCHAR);
CREATE TABLE IF NOT EXISTS python_udfs (run_id VARCHAR, task_id BIGINT, stage_id INTEGER, stage_attempt INTEGER, executor_id VARCHAR, execution_id BIGINT, node VARCHAR, arrow BOOLEAN, functions VARCHAR, rows_out BIGINT, bytes_to_python BIGINT, bytes_from_python BIGINT, python_time_ms BIGINT);
CREATE TABLE IF NOT EXISTS python_worker_tasks (run_id VARCHAR, task_id BIGINT, executor_id VARCHAR, pid BIGINT, first_ms BIGINT, last_ms BIGINT, rss_start_bytes BIGINT, rss_peak_bytes BIGINT, rss_end_bytes BIGINT, cpu_ms BIGINT, samples INTEGER);
-- PostgreSQL only: every save of a run deletes and rewrites its rows by run_id.
CREATE INDEX IF NOT EXISTS events_run_id ON events (run_id);
CREATE INDEX IF NOT EXISTS jobs_run_id ON jobs (run_id);
CREATE INDEX IF NOT EXISTS stages_run_id ON stages (run_id);
CREATE INDEX IF NOT EXISTS tasks_run_id ON tasks (run_id);
CREATE INDEX IF NOT EXISTS executors_run_id ON executors (run_id);
CREATE INDEX IF NOT EXISTS processes_run_id ON processes (run_id);
CREATE INDEX IF NOT EXISTS samples_run_id ON samples (run_id);
CREATE INDEX IF NOT EXISTS py4j_calls_run_id ON py4j_calls (run_id);
CREATE INDEX IF NOT EXISTS serializer_stats_run_id ON serializer_stats (run_id);
CREATE INDEX IF NOT EXISTS failures_run_id ON failures (run_id);
CREATE INDEX IF NOT EXISTS lost_events_run_id ON lost_events (run_id);
CREATE INDEX IF NOT EXISTS source_loss_run_id ON source_loss (run_id);
CREATE INDEX IF NOT EXISTS findings_run_id ON findings (run_id);
CREATE INDEX IF NOT EXISTS connect_sessions_run_id ON connect_sessions (run_id);
CREATE INDEX IF NOT EXISTS connect_operations_run_id ON connect_operations (run_id);
CREATE INDEX IF NOT EXISTS connect_operation_jobs_run_id ON connect_operation_jobs (run_id);
CREATE INDEX IF NOT EXISTS python_udfs_run_id ON python_udfs (run_id);
CREATE INDEX IF NOT EXISTS python_worker_tasks_run_id ON python_worker_tasks (run_id);
