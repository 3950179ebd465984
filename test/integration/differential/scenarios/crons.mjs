// Cron monitors: withMonitor (sync, async, failing) and captureCheckIn.
const config = {
  schedule: { type: 'crontab', value: '*/5 * * * *' },
  checkinMargin: 2,
  maxRuntime: 10,
  timezone: 'UTC',
};

export default {
  'cron-with-monitor-sync': { run: (S) => S.withMonitor('sync-job', () => 1) },
  'cron-with-monitor-async': {
    run: (S) =>
      S.withMonitor('async-job', async () => new Promise((resolve) => setImmediate(resolve)), config),
  },
  'cron-with-monitor-throws': {
    run: (S) => {
      try {
        S.withMonitor('failing-job', () => {
          throw new Error('job failed');
        });
      } catch {}
    },
  },
  'cron-capture-check-in': {
    run: (S) => {
      const id = S.captureCheckIn({ monitorSlug: 'manual-job', status: 'in_progress' }, config);
      S.captureCheckIn({ checkInId: id, monitorSlug: 'manual-job', status: 'ok', duration: 1.5 });
    },
  },
};
