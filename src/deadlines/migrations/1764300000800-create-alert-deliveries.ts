import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAlertDeliveries1764300000800 implements MigrationInterface {
  name = 'CreateAlertDeliveries1764300000800';

  async up(q: QueryRunner): Promise<void> {
    // Receipts of the alert webhook, one row per attempt, for operators.
    await q.query(`
      CREATE TABLE alert_deliveries (
        alert_id     uuid NOT NULL,
        attempt      int NOT NULL,
        attempted_at timestamptz NOT NULL,
        status_code  int,
        error        text,
        delivered    boolean NOT NULL,
        PRIMARY KEY (alert_id, attempt)
      )`);
    // The webhook starts with the alerts raised from now on: those raised before were seen in the API, and sending
    // them all at the first start would flood people with stale alerts. The checkpoint stops short of events of
    // transactions still open, as the runner's reads do, so none of those is skipped.
    await q.query(`
      INSERT INTO projection_checkpoints (name, transaction_id, global_position)
      SELECT 'alert-webhook', transaction_id, global_position FROM events
      WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY transaction_id DESC, global_position DESC
      LIMIT 1
      ON CONFLICT (name) DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM projection_checkpoints WHERE name = 'alert-webhook'`);
    await q.query(`DROP TABLE alert_deliveries`);
  }
}
