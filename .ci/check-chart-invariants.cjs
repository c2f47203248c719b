// Checks what the schemas cannot: that the rendered chart keeps the deployment contract
// (static membership, application.server, state on a volume, one trainer, hardened pods, probes,
// Services and selectors that actually match, the dashboard shipped unchanged).
//
// Usage: node check-chart-invariants.cjs rendered.yaml --dashboard dashboards/rnn-streams.json
//          [--require-kind KIND]... [--require-secret-env]
'use strict';

const fs = require('fs');
const yaml = require('js-yaml');

function parseArgs(argv) {
  const args = { file: null, dashboard: null, requiredKinds: [], requireSecretEnv: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dashboard') args.dashboard = argv[++i];
    else if (a === '--require-kind') args.requiredKinds.push(argv[++i]);
    else if (a === '--require-secret-env') args.requireSecretEnv = true;
    else if (args.file === null) args.file = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!args.file || !args.dashboard) throw new Error('usage: rendered.yaml --dashboard FILE');
  return args;
}

const args = parseArgs(process.argv.slice(2));
const objects = yaml.loadAll(fs.readFileSync(args.file, 'utf8')).filter((d) => d !== null);
const problems = [];
const check = (ok, message) => {
  if (!ok) problems.push(message);
};
const name = (o) => `${o.kind}/${o.metadata.name}`;
const ofKind = (kind) => objects.filter((o) => o.kind === kind);
const matches = (selector, labels) =>
  Object.entries(selector || {}).every(([k, v]) => labels && labels[k] === v);
const envNamed = (container, env) => (container.env || []).find((e) => e.name === env);
const envIndex = (container, env) => (container.env || []).findIndex((e) => e.name === env);

for (const kind of args.requiredKinds) {
  check(ofKind(kind).length > 0, `expected a ${kind}`);
}

// Every workload: hardened pod, writable /tmp only from an emptyDir, probes, resources.
const workloads = [...ofKind('StatefulSet'), ...ofKind('Deployment')];
for (const w of workloads) {
  const pod = w.spec.template.spec;
  const psc = pod.securityContext || {};
  check(psc.runAsNonRoot === true, `${name(w)}: pod securityContext.runAsNonRoot must be true`);
  check(Number.isInteger(psc.runAsUser) && psc.runAsUser > 0, `${name(w)}: pod runAsUser must be a non-zero uid`);
  check(Number.isInteger(psc.fsGroup), `${name(w)}: pod fsGroup must be set (volume ownership)`);
  check(psc.seccompProfile && psc.seccompProfile.type === 'RuntimeDefault', `${name(w)}: seccompProfile must be RuntimeDefault`);
  check(pod.automountServiceAccountToken === false, `${name(w)}: the pods call no API; do not mount a token`);
  check(Number.isInteger(pod.terminationGracePeriodSeconds) && pod.terminationGracePeriodSeconds >= 30,
    `${name(w)}: terminationGracePeriodSeconds must leave Kafka Streams time to close (>= 30)`);
  const annotations = w.spec.template.metadata.annotations || {};
  check(/^[0-9a-f]{64}$/.test(annotations['checksum/config'] || ''), `${name(w)}: checksum/config annotation missing`);
  const volumes = Object.fromEntries((pod.volumes || []).map((v) => [v.name, v]));
  for (const v of pod.volumes || []) {
    if (v.configMap) {
      check(ofKind('ConfigMap').some((c) => c.metadata.name === v.configMap.name),
        `${name(w)}: volume ${v.name} references ConfigMap ${v.configMap.name}, which is not rendered`);
    }
  }
  for (const c of pod.containers) {
    const where = `${name(w)} container ${c.name}`;
    const sc = c.securityContext || {};
    check(sc.readOnlyRootFilesystem === true, `${where}: readOnlyRootFilesystem must be true`);
    check(sc.allowPrivilegeEscalation === false, `${where}: allowPrivilegeEscalation must be false`);
    check(((sc.capabilities || {}).drop || []).includes('ALL'), `${where}: capabilities must drop ALL`);
    const tmp = (c.volumeMounts || []).find((m) => m.mountPath === '/tmp');
    check(tmp && volumes[tmp.name] && volumes[tmp.name].emptyDir, `${where}: /tmp must be an emptyDir (RocksDB JNI extraction)`);
    const http = (c.ports || []).find((p) => p.name === 'http');
    check(http, `${where}: needs a port named http`);
    const probePath = (p) => p && p.httpGet && p.httpGet.port === 'http' && p.httpGet.path;
    check(probePath(c.readinessProbe) === '/readyz', `${where}: readinessProbe must GET /readyz`);
    check(probePath(c.livenessProbe) === '/healthz', `${where}: livenessProbe must GET /healthz`);
    check(probePath(c.startupProbe) === '/healthz', `${where}: startupProbe must GET /healthz`);
    check(c.resources && c.resources.requests && c.resources.limits && c.resources.limits.memory,
      `${where}: resources need requests and a memory limit`);
    if (args.requireSecretEnv) {
      const jaas = envNamed(c, 'RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG');
      check(jaas && jaas.valueFrom && jaas.valueFrom.secretKeyRef,
        `${where}: RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG must come from a Secret`);
    }
    for (const e of c.env || []) {
      check(!/PASSWORD|JAAS|SECRET/.test(e.name) || (e.valueFrom && e.valueFrom.secretKeyRef),
        `${where}: ${e.name} must come from a Secret, never a literal value`);
    }
  }
}

// Serving: StatefulSet with static membership, application.server and state on a volume.
const serving = ofKind('StatefulSet');
check(serving.length === 1, `expected exactly one StatefulSet (serving), found ${serving.length}`);
for (const sts of serving) {
  const c = sts.spec.template.spec.containers[0];
  const podLabels = sts.spec.template.metadata.labels;
  check(sts.spec.podManagementPolicy === 'Parallel', `${name(sts)}: podManagementPolicy must be Parallel`);
  check(JSON.stringify(c.args.slice(0, 1)) === '["serve"]', `${name(sts)}: must run the serve subcommand`);
  const headless = ofKind('Service').find((s) => s.metadata.name === sts.spec.serviceName);
  check(headless && headless.spec.clusterIP === 'None', `${name(sts)}: serviceName must be a headless Service`);
  if (headless) {
    check(matches(headless.spec.selector, podLabels), `${name(headless)} must select the serving pods`);
    check(headless.spec.publishNotReadyAddresses === true, `${name(headless)}: publishNotReadyAddresses must be true`);
  }
  const instanceId = envNamed(c, 'RNN_STREAMS_KAFKA_GROUP_INSTANCE_ID');
  check(instanceId && instanceId.valueFrom && instanceId.valueFrom.fieldRef
    && instanceId.valueFrom.fieldRef.fieldPath === 'metadata.name',
    `${name(sts)}: RNN_STREAMS_KAFKA_GROUP_INSTANCE_ID must be the pod name (downward API)`);
  const appServer = envNamed(c, 'RNN_STREAMS_KAFKA_APPLICATION_SERVER');
  const port = (c.ports.find((p) => p.name === 'http') || {}).containerPort;
  const expected = new RegExp(`^\\$\\(POD_NAME\\)\\.${sts.spec.serviceName}\\.[a-z0-9-]+\\.svc\\.[a-z0-9.-]+:${port}$`);
  check(appServer && expected.test(appServer.value || ''),
    `${name(sts)}: RNN_STREAMS_KAFKA_APPLICATION_SERVER must be $(POD_NAME).<headless>.<ns>.svc.<domain>:${port}, is ${appServer && appServer.value}`);
  check(envIndex(c, 'POD_NAME') >= 0 && envIndex(c, 'POD_NAME') < envIndex(c, 'RNN_STREAMS_KAFKA_APPLICATION_SERVER'),
    `${name(sts)}: POD_NAME must be defined before the variables that use $(POD_NAME)`);
  const stateDir = envNamed(c, 'RNN_STREAMS_STATE_DIR');
  const stateMount = stateDir && (c.volumeMounts || []).find((m) => m.mountPath === stateDir.value);
  check(stateMount, `${name(sts)}: RNN_STREAMS_STATE_DIR must be a mounted volume`);
  if (stateMount) {
    const claim = (sts.spec.volumeClaimTemplates || []).find((t) => t.metadata.name === stateMount.name);
    const podVolume = (sts.spec.template.spec.volumes || []).find((v) => v.name === stateMount.name);
    check(claim || (podVolume && podVolume.emptyDir), `${name(sts)}: the state volume must be a claim template or an emptyDir`);
  }
  const configMap = ofKind('ConfigMap').find((m) => m.data && m.data['serve.properties']);
  check(configMap, 'expected a ConfigMap with serve.properties');
  if (configMap) {
    const props = Object.fromEntries(configMap.data['serve.properties'].split('\n')
      .filter((l) => l && !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const standbys = Number(props['num.standby.replicas']);
    check(Number.isInteger(standbys) && standbys < sts.spec.replicas,
      `${name(configMap)}: num.standby.replicas (${props['num.standby.replicas']}) must be below replicas (${sts.spec.replicas})`);
    check(Number(props['http.port']) === port, `${name(configMap)}: http.port must equal the container port ${port}`);
    for (const [k, v] of Object.entries(props)) {
      check(!/e\+\d+$/.test(v), `${name(configMap)}: ${k}=${v} is a float-formatted number`);
    }
  }
  for (const pdb of ofKind('PodDisruptionBudget')) {
    check(matches(pdb.spec.selector.matchLabels, podLabels), `${name(pdb)} must select the serving pods`);
  }
}

// Training: exactly one trainer, never two at once.
for (const d of ofKind('Deployment')) {
  check(d.spec.replicas === 1, `${name(d)}: the trainer must have exactly 1 replica`);
  check(d.spec.strategy && d.spec.strategy.type === 'Recreate', `${name(d)}: the trainer must use strategy Recreate`);
}

// Services select a workload's pods and target a port the pods have.
for (const s of ofKind('Service')) {
  const target = workloads.find((w) => matches(s.spec.selector, w.spec.template.metadata.labels));
  check(target, `${name(s)} selects no workload's pods`);
  if (target) {
    const ports = target.spec.template.spec.containers.flatMap((c) => c.ports || []).map((p) => p.name);
    for (const p of s.spec.ports) {
      check(ports.includes(p.targetPort), `${name(s)}: targetPort ${p.targetPort} is not a named container port`);
    }
  }
}

// The ServiceMonitor scrapes each component once: not through the headless Service.
for (const sm of ofKind('ServiceMonitor')) {
  const scraped = ofKind('Service').filter((s) => matches(sm.spec.selector.matchLabels, s.metadata.labels));
  check(scraped.length === workloads.length, `${name(sm)} must match one Service per workload, matches ${scraped.map(name)}`);
  check(scraped.every((s) => s.spec.clusterIP !== 'None'), `${name(sm)} must not scrape the headless Service`);
  for (const e of sm.spec.endpoints) {
    check(scraped.every((s) => s.spec.ports.some((p) => p.name === e.port)), `${name(sm)}: port ${e.port} missing on a Service`);
    check(e.path === '/metrics', `${name(sm)}: endpoint path must be /metrics`);
  }
}

// The dashboard ConfigMap ships the dashboard file unchanged.
for (const m of ofKind('ConfigMap').filter((c) => c.data && c.data['rnn-streams.json'])) {
  const shipped = JSON.parse(m.data['rnn-streams.json']);
  const source = JSON.parse(fs.readFileSync(args.dashboard, 'utf8'));
  check(JSON.stringify(shipped) === JSON.stringify(source), `${name(m)}: dashboard differs from ${args.dashboard}`);
  check((m.metadata.labels || {}).grafana_dashboard === '1', `${name(m)}: needs the sidecar label grafana_dashboard: "1"`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`${args.file}: ${p}`);
  process.exit(1);
}
console.log(`ok: ${args.file}: ${objects.length} objects keep the deployment contract`);
