-- tollgate migration core/0005_lead_evaluations_on_settle
DROP TRIGGER IF EXISTS job_items_lead_evaluation_settled;

CREATE TRIGGER job_items_lead_evaluation_settled AFTER UPDATE OF status ON job_items
FOR EACH ROW WHEN NEW.status = 'succeeded' AND OLD.status <> 'succeeded' AND NEW.type = 'lead_evaluation'
BEGIN
  INSERT INTO evaluations (id, tenant_id, lead_id, job_id, score, recommendation, reasons, risk_flags,
    model_version, requested_by, requested_at, started_at, created_at)
  SELECT 'eval_' || substr(j.id, 5), j.tenant_id, json_extract(j.input, '$.lead_id'), j.id,
    json_extract(NEW.result, '$.score'), json_extract(NEW.result, '$.recommendation'),
    json_extract(NEW.result, '$.reasons'), json_extract(NEW.result, '$.risk_flags'),
    json_extract(NEW.result, '$.model_version'), j.requested_by, j.created_at, j.started_at, NEW.finished_at
  FROM jobs j
  WHERE j.id = NEW.job_id
    AND EXISTS (SELECT 1 FROM leads l WHERE l.tenant_id = j.tenant_id AND l.id = json_extract(j.input, '$.lead_id'))
  ON CONFLICT DO NOTHING;
END;
