/**
 * The routing table `snowmon demo` uses when the user gives none: the shipped table's shape (cost routes
 * at 75 / 90 / 100 %, a monitor_health route, inhibit rules, response times) with console receivers only,
 * so the demo needs no Slack or PagerDuty. Not the shipped table (config/routing.yaml).
 */

export const DEMO_ROUTING = `# snowmon demo: the shipped table's routes and inhibit rules, every receiver on the console.
version: 1
timezone: UTC

defaults:
  group_wait: 0s
  group_interval: 5m
  repeat_interval: 24h
  send_resolved: true
  resolve_suppressed: true

time_intervals:
  business_hours:
    - weekdays: ['monday:friday']
      times: [{ start_time: '09:00', end_time: '18:00' }]
      location: UTC

receivers:
  console-data-alerts: { type: console }
  console-data-costs:  { type: console }
  console-pager:       { type: console }

routes:
  - name: cost-100-suspend
    matchers: ['alert_type="cost_monitor"', 'threshold="100"']
    notify: [console-data-costs, console-pager]
    group_by: [alert_type, monitor]
    response: { within: 5m }       # the shipped table pages (response: immediate needs PagerDuty)
  - name: cost-90
    matchers: ['alert_type="cost_monitor"', 'threshold="90"']
    notify: [console-data-costs]
    group_by: [alert_type, monitor]
    response: { by: same_day }
  - name: cost-75
    matchers: ['alert_type="cost_monitor"', 'threshold="75"']
    notify: [console-data-costs]
    group_by: [alert_type, monitor]
    response: { by: next_business_day }
  - name: snowmon-health
    matchers: ['alert_type="monitor_health"']
    notify: [console-data-alerts]
    group_by: [alert_type, component, failing_check]
    response: { within: 30m }
  - name: fallback
    notify: [console-data-alerts]
    group_by: [alert_type]

inhibit_rules:
  - name: cost-100-over-lower
    source_matchers: ['alert_type="cost_monitor"', 'threshold="100"']
    target_matchers: ['alert_type="cost_monitor"', 'threshold=~"75|90"']
    equal: [monitor]
  - name: cost-90-over-75
    source_matchers: ['alert_type="cost_monitor"', 'threshold="90"']
    target_matchers: ['alert_type="cost_monitor"', 'threshold="75"']
    equal: [monitor]
`;
