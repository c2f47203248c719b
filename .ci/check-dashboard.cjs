// Checks the Grafana dashboard JSON: it parses, has panels, every panel has a unique id, a
// Prometheus data source and at least one non-empty query, and the template variables it uses
// are defined. (Which metric names the queries may use is checked by DashboardTest in Java.)
//
// Usage: node check-dashboard.cjs dashboards/rnn-streams.json
'use strict';

const fs = require('fs');

const file = process.argv[2];
let dashboard;
try {
  dashboard = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`${file}: not valid JSON: ${e.message}`);
  process.exit(1);
}

const problems = [];
const panels = Array.isArray(dashboard.panels) ? dashboard.panels : [];
if (panels.length === 0) problems.push('no panels');
if (!dashboard.uid || !dashboard.title) problems.push('uid and title are required');

const variables = new Set(((dashboard.templating || {}).list || []).map((v) => v.name));
const ids = new Set();
for (const panel of panels) {
  const where = `panel ${panel.id} "${panel.title}"`;
  if (!Number.isInteger(panel.id) || ids.has(panel.id)) problems.push(`${where}: id missing or duplicated`);
  ids.add(panel.id);
  if (!panel.title) problems.push(`${where}: no title`);
  if (!panel.gridPos) problems.push(`${where}: no gridPos`);
  if (!panel.datasource || panel.datasource.type !== 'prometheus') problems.push(`${where}: datasource must be prometheus`);
  const exprs = (panel.targets || []).map((t) => (t.expr || '').trim()).filter((e) => e !== '');
  if (exprs.length === 0 || exprs.length !== (panel.targets || []).length) {
    problems.push(`${where}: every target needs a query (expr)`);
  }
  for (const expr of exprs) {
    for (const [, used] of expr.matchAll(/\$(?!__)(\w+)/g)) {
      if (!variables.has(used)) problems.push(`${where}: uses undefined variable $${used}`);
    }
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(`${file}: ${p}`);
  process.exit(1);
}
console.log(`ok: ${file}: ${panels.length} panels, each with a query`);
