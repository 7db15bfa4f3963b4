-- Every change of a dataset's status (and its deletion) is announced on the channel tdmp_dataset_status as
-- '<dataset_id>:<status>' ('<dataset_id>:deleted' for a deletion). Each node LISTENs on one connection and wakes the
-- requests waiting on that dataset (GET /datasets/{id}?wait=N), so waiters never poll the database. A trigger, not the
-- code, sends it: every path that changes a status (claim, complete, fail, cancel, re-run, give up, retention, psql)
-- is caught. NOTIFY is transactional: the message goes out at commit, when the new state is visible.
CREATE FUNCTION notify_dataset_status() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('tdmp_dataset_status', OLD.dataset_id || ':deleted');
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        PERFORM pg_notify('tdmp_dataset_status', NEW.dataset_id || ':' || NEW.status);
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION notify_dataset_status() IS
    'Trigger function: NOTIFY tdmp_dataset_status with ''<dataset_id>:<status>'' (or '':deleted'') when a dataset''s status changes or it is deleted.';

CREATE TRIGGER datasets_notify_status
    AFTER UPDATE OF status OR DELETE ON datasets
    FOR EACH ROW EXECUTE FUNCTION notify_dataset_status();
COMMENT ON TRIGGER datasets_notify_status ON datasets IS
    'Wakes the requests waiting on a dataset on every node (see notify_dataset_status).';
