{{/* Names: Kubernetes object names are limited to 63 characters. */}}
{{- define "rnn-streams.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rnn-streams.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Serving objects; the StatefulSet's pod names add "-N", so leave room for it. */}}
{{- define "rnn-streams.serve.fullname" -}}
{{- printf "%s-serve" (include "rnn-streams.fullname" .) | trunc 55 | trimSuffix "-" }}
{{- end }}

{{/* The headless Service that gives each serving pod a stable DNS name (application.server). */}}
{{- define "rnn-streams.serve.headless" -}}
{{- printf "%s-headless" (include "rnn-streams.serve.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rnn-streams.train.fullname" -}}
{{- printf "%s-train" (include "rnn-streams.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rnn-streams.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rnn-streams.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "rnn-streams.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rnn-streams.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Labels. Call with (dict "root" $ "component" "serve"). */}}
{{- define "rnn-streams.labels" -}}
helm.sh/chart: {{ include "rnn-streams.chart" .root }}
{{ include "rnn-streams.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- define "rnn-streams.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rnn-streams.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{/*
Properties-file value: Helm reads every YAML number as a float, which would print 268435456 as
2.68435456e+08; integral numbers are printed as integers, and an empty (null) value as nothing. Backslashes and newlines are escaped
as java.util.Properties expects.
*/}}
{{- define "rnn-streams.propertyValue" -}}
{{- if kindIs "invalid" . }}
{{- else if and (kindIs "float64" .) (eq (float64 (int64 .)) .) }}
{{- printf "%d" (int64 .) }}
{{- else }}
{{- toString . | replace "\\" "\\\\" | replace "\n" "\\n" }}
{{- end }}
{{- end }}

{{/*
Keys the chart sets itself from dedicated values; setting them in a config map would be silently
overridden, so it is an error instead. Call with (dict "config" $map "where" "serve.config").
*/}}
{{- define "rnn-streams.rejectManagedKeys" -}}
{{- $managed := dict
  "kafka.bootstrap.servers" "kafka.bootstrapServers"
  "kafka.security.protocol" "kafka.securityProtocol"
  "kafka.sasl.mechanism" "kafka.sasl.mechanism"
  "kafka.sasl.jaas.config" "kafka.sasl.jaasConfigSecret"
  "kafka.ssl.truststore.location" "kafka.tls.truststore"
  "kafka.ssl.truststore.password" "kafka.tls.truststore"
  "kafka.ssl.keystore.location" "kafka.tls.keystore"
  "kafka.ssl.keystore.password" "kafka.tls.keystore"
  "kafka.ssl.key.password" "kafka.tls.keystore"
  "kafka.group.instance.id" "(set per pod by the chart)"
  "kafka.application.server" "(set per pod by the chart)"
  "http.port" "httpPort"
  "state.dir" "serve.persistence.mountPath"
  "num.standby.replicas" "serve.standbyReplicas" }}
{{- range $key, $use := $managed }}
{{- if hasKey $.config $key }}
{{- fail (printf "%s.%s is managed by the chart: use %s instead" $.where $key $use) }}
{{- end }}
{{- end }}
{{- end }}

{{/* Kafka connection properties shared by both components, derived from .Values.kafka. */}}
{{- define "rnn-streams.kafkaProperties" -}}
{{- $k := .Values.kafka -}}
kafka.bootstrap.servers={{ required "kafka.bootstrapServers is required" $k.bootstrapServers }}
kafka.security.protocol={{ $k.securityProtocol }}
{{- if hasPrefix "SASL_" $k.securityProtocol }}
kafka.sasl.mechanism={{ required "kafka.sasl.mechanism is required with a SASL_* securityProtocol" $k.sasl.mechanism }}
{{- end }}
{{- if $k.tls.truststore.enabled }}
kafka.ssl.truststore.location={{ $k.tls.mountPath }}/truststore/{{ $k.tls.truststore.key }}
kafka.ssl.truststore.type={{ $k.tls.truststore.type }}
{{- end }}
{{- if $k.tls.keystore.enabled }}
kafka.ssl.keystore.location={{ $k.tls.mountPath }}/keystore/{{ $k.tls.keystore.key }}
kafka.ssl.keystore.type={{ $k.tls.keystore.type }}
{{- end }}
{{- end }}

{{/* A whole properties file. Call with (dict "root" $ "config" $mergedMap "managed" $propertiesText). */}}
{{- define "rnn-streams.propertiesFile" -}}
# Rendered by the rnn-streams chart from values; every key can still be overridden by an
# RNN_STREAMS_* environment variable (see config-keys in the project docs).
{{ .managed }}
{{- range $key := keys .config | sortAlpha }}
{{- $value := get $.config $key }}
{{- if or (kindIs "map" $value) (kindIs "slice" $value) }}
{{- fail (printf "config key %s must have a plain value (string, number or boolean), not %s" $key (kindOf $value)) }}
{{- end }}
{{ $key }}={{ include "rnn-streams.propertyValue" $value }}
{{- end }}
{{- end }}

{{/* Secret-backed Kafka environment shared by both components. */}}
{{- define "rnn-streams.kafkaSecretEnv" -}}
{{- $k := .Values.kafka -}}
{{- if hasPrefix "SASL_" $k.securityProtocol }}
- name: RNN_STREAMS_KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.jaasConfigSecret.name (an existing Secret) is required with a SASL_* securityProtocol" $k.sasl.jaasConfigSecret.name }}
      key: {{ $k.sasl.jaasConfigSecret.key }}
{{- end }}
{{- if $k.tls.truststore.enabled }}
{{- if $k.tls.truststore.passwordKey }}
- name: RNN_STREAMS_KAFKA_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.tls.truststore.secretName is required when the truststore is enabled" $k.tls.truststore.secretName }}
      key: {{ $k.tls.truststore.passwordKey }}
{{- end }}
{{- end }}
{{- if $k.tls.keystore.enabled }}
{{- if $k.tls.keystore.passwordKey }}
- name: RNN_STREAMS_KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.tls.keystore.secretName is required when the keystore is enabled" $k.tls.keystore.secretName }}
      key: {{ $k.tls.keystore.passwordKey }}
{{- end }}
{{- if $k.tls.keystore.keyPasswordKey }}
- name: RNN_STREAMS_KAFKA_SSL_KEY_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.tls.keystore.secretName }}
      key: {{ $k.tls.keystore.keyPasswordKey }}
{{- end }}
{{- end }}
{{- end }}

{{/* Volume mounts and volumes for the TLS stores, each from its existing Secret. */}}
{{- define "rnn-streams.tlsVolumeMounts" -}}
{{- $k := .Values.kafka -}}
{{- if $k.tls.truststore.enabled }}
- name: kafka-truststore
  mountPath: {{ $k.tls.mountPath }}/truststore
  readOnly: true
{{- end }}
{{- if $k.tls.keystore.enabled }}
- name: kafka-keystore
  mountPath: {{ $k.tls.mountPath }}/keystore
  readOnly: true
{{- end }}
{{- end }}

{{- define "rnn-streams.tlsVolumes" -}}
{{- $k := .Values.kafka -}}
{{- if $k.tls.truststore.enabled }}
- name: kafka-truststore
  secret:
    secretName: {{ required "kafka.tls.truststore.secretName is required when the truststore is enabled" $k.tls.truststore.secretName }}
    defaultMode: 288  # 0440: readable by the owner and fsGroup only
    items:
      - key: {{ $k.tls.truststore.key }}
        path: {{ $k.tls.truststore.key }}
{{- end }}
{{- if $k.tls.keystore.enabled }}
- name: kafka-keystore
  secret:
    secretName: {{ required "kafka.tls.keystore.secretName is required when the keystore is enabled" $k.tls.keystore.secretName }}
    defaultMode: 288  # 0440: readable by the owner and fsGroup only
    items:
      - key: {{ $k.tls.keystore.key }}
        path: {{ $k.tls.keystore.key }}
{{- end }}
{{- end }}

{{/* The HTTP probes, from a probe block in values. Call with (dict "path" "/readyz" "probe" $p). */}}
{{- define "rnn-streams.httpProbe" -}}
httpGet:
  path: {{ .path }}
  port: http
initialDelaySeconds: {{ .probe.initialDelaySeconds }}
periodSeconds: {{ .probe.periodSeconds }}
timeoutSeconds: {{ .probe.timeoutSeconds }}
failureThreshold: {{ .probe.failureThreshold }}
{{- end }}
