-- Changes of datasets are announced on the channel tdmp_dataset_status, which each node LISTENs to on one connection:
--   '<dataset_id>:<status>'  the status changed (queued, running, completed, failed, cancelled),
--   '<dataset_id>:deleted'   the row was deleted,
--   '<dataset_id>:changed'   anything else a reader sees changed (an export, another column); progress heartbeats are not announced.
-- The node wakes the requests waiting on the dataset (GET /datasets/{id}?wait=N), so waiters never poll, and forgets its
-- remembered copy of the dataset. Triggers, not the code, send it: every path (claim, complete, fail, cancel, re-run,
-- retention, an export job, psql) is caught. NOTIFY is transactional: the message goes out at commit, when the new
-- state is visible.
CREATE FUNCTION notify_dataset_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('tdmp_dataset_status', OLD.dataset_id || ':deleted');
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        PERFORM pg_notify('tdmp_dataset_status', NEW.dataset_id || ':' || NEW.status);
    ELSIF to_jsonb(NEW) - ARRAY['progress', 'records_generated', 'lease_expires_at']
          IS DISTINCT FROM to_jsonb(OLD) - ARRAY['progress', 'records_generated', 'lease_expires_at'] THEN
        PERFORM pg_notify('tdmp_dataset_status', NEW.dataset_id || ':changed');
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION notify_dataset_change() IS
    'Trigger function: NOTIFY tdmp_dataset_status with ''<dataset_id>:<status>'', '':deleted'' or '':changed'' when a dataset changes.';

CREATE TRIGGER datasets_notify_change
    AFTER UPDATE OR DELETE ON datasets
    FOR EACH ROW EXECUTE FUNCTION notify_dataset_change();
COMMENT ON TRIGGER datasets_notify_change ON datasets IS
    'Wakes the requests waiting on a dataset and refreshes its copies on every node (see notify_dataset_change).';

CREATE FUNCTION notify_dataset_export_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tdmp_dataset_status', (CASE WHEN TG_OP = 'DELETE' THEN OLD.dataset_id ELSE NEW.dataset_id END) || ':changed');
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION notify_dataset_export_change() IS
    'Trigger function: NOTIFY tdmp_dataset_status with ''<dataset_id>:changed'' when an export of the dataset changes (GET /datasets/{id} lists them).';

CREATE TRIGGER dataset_exports_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON dataset_exports
    FOR EACH ROW EXECUTE FUNCTION notify_dataset_export_change();
COMMENT ON TRIGGER dataset_exports_notify_change ON dataset_exports IS
    'Refreshes the copies of the dataset on every node (see notify_dataset_export_change).';
