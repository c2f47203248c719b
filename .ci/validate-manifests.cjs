// Validates every object in rendered Kubernetes manifests against its OpenAPI schema, offline:
// built-in kinds with kubernetes-models, Prometheus Operator kinds (ServiceMonitor) with
// @kubernetes-models/prometheus-operator. A kind neither package knows is an error, not a skip.
//
// Usage: node validate-manifests.cjs rendered.yaml...   (NODE_PATH must point at the node_modules)
'use strict';

const fs = require('fs');
const yaml = require('js-yaml');

const PACKAGE_BY_GROUP = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

function modelFor(apiVersion, kind) {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const pkg = PACKAGE_BY_GROUP[group] || 'kubernetes-models';
  const module = `${pkg}/${apiVersion}/${kind}`;
  let exports;
  try {
    exports = require(module);
  } catch (e) {
    if (e.code === 'MODULE_NOT_FOUND') {
      return null;
    }
    throw e;
  }
  return exports[kind] || null;
}

function validateFile(file) {
  const documents = yaml.loadAll(fs.readFileSync(file, 'utf8')).filter((d) => d !== null);
  const errors = [];
  const counts = {};
  for (const doc of documents) {
    const where = `${doc.kind || '?'}/${(doc.metadata && doc.metadata.name) || '?'}`;
    if (typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') {
      errors.push(`${where}: apiVersion and kind are required`);
      continue;
    }
    if (!doc.metadata || typeof doc.metadata.name !== 'string' || doc.metadata.name === '') {
      errors.push(`${where}: metadata.name is required`);
      continue;
    }
    const Model = modelFor(doc.apiVersion, doc.kind);
    if (!Model) {
      errors.push(`${where}: no schema for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (e) {
      errors.push(`${where} (${doc.apiVersion}): ${e.message}`);
      continue;
    }
    counts[doc.kind] = (counts[doc.kind] || 0) + 1;
  }
  if (documents.length === 0) {
    errors.push('no objects rendered');
  }
  return { errors, counts };
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const { errors, counts } = validateFile(file);
  for (const e of errors) {
    console.error(`${file}: ${e}`);
  }
  if (errors.length > 0) {
    failed = true;
  } else {
    const summary = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ');
    console.log(`ok: ${file}: ${summary}`);
  }
}
process.exit(failed ? 1 : 0);
