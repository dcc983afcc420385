import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postAlerts } from '../../../bench/alertmanager/alertmanager-client.js';
import { startAlertmanager } from '../../../bench/alertmanager/alertmanager-process.js';
import { toRecord } from '../../../bench/alertmanager/notification-record.js';
import { startWebhookSink } from '../../../bench/alertmanager/webhook-sink.js';

const installed = spawnSync('sh', ['-c', 'command -v prometheus-alertmanager'], { encoding: 'utf8' }).status === 0;

describe('the Alertmanager harness', () => {
  it.skipIf(!installed)('does start Alertmanager on 127.0.0.1, get a posted alert to the sink as a webhook, and stop it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snowmon-am-harness-'));
    const sink = await startWebhookSink();
    try {
      writeFileSync(
        join(dir, 'am.yml'),
        [
          'route:',
          '  receiver: snowmon-route-only',
          '  group_by: [alert_type]',
          '  group_wait: 0s',
          '  group_interval: 1s',
          'receivers:',
          '  - name: snowmon-route-only',
          `    webhook_configs: [{ url: '${sink.url}/am/slack-x', send_resolved: true }]`,
          '',
        ].join('\n'),
      );
      const am = await startAlertmanager({ binary: 'prometheus-alertmanager', configFile: join(dir, 'am.yml'), storageDir: join(dir, 'data') });
      try {
        expect(am.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        await postAlerts(am.url, [{ labels: { alert_type: 'security', user: 'SVC' }, startsAt: new Date().toISOString() }]);
        const deadline = Date.now() + 15_000;
        while (sink.receipts.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        expect(sink.receipts.map(toRecord)).toMatchObject([
          { side: 'alertmanager', receiver: 'slack-x', group: 'only:{alert_type="security"}', status: 'firing', firing: 1, resolved: 0 },
        ]);
      } finally {
        await am.stop();
      }
      await expect(fetch(`${am.url}/-/ready`)).rejects.toThrow();
    } finally {
      await sink.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
