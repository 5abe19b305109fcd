{{/* Resource name; also the Service name inside the Istio cluster name. */}}
{{- define "wardgate.fullname" -}}
{{- .Values.fullnameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "wardgate.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "wardgate.labels" -}}
{{ include "wardgate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "wardgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "wardgate.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{- define "wardgate.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/* The Service's host name as sidecars resolve it. */}}
{{- define "wardgate.serviceHost" -}}
{{- printf "%s.%s.svc.%s" (include "wardgate.fullname" .) .Release.Namespace .Values.clusterDomain -}}
{{- end -}}

{{/* The cluster istiod generates for the Service's gRPC port; EnvoyFilters point grpc_service at it. */}}
{{- define "wardgate.istioCluster" -}}
{{- printf "outbound|%d||%s" (int .Values.ports.grpc) (include "wardgate.serviceHost" .) -}}
{{- end -}}

{{/* StatefulSet when the audit spool is persistent (one PVC per pod, kept across restarts). */}}
{{- define "wardgate.workloadKind" -}}
{{- if .Values.audit.spool.persistence.enabled -}}StatefulSet{{- else -}}Deployment{{- end -}}
{{- end -}}

{{- define "wardgate.attachInbound" -}}
{{- if has .Values.mesh.attachment (list "inbound" "both") -}}true{{- end -}}
{{- end -}}

{{- define "wardgate.attachOutbound" -}}
{{- if has .Values.mesh.attachment (list "outbound" "both") -}}true{{- end -}}
{{- end -}}

{{/* Paths inside the pod. */}}
{{- define "wardgate.secretDir" -}}/var/run/secrets/wardgate{{- end -}}
{{- define "wardgate.spoolDir" -}}/var/lib/wardgate/audit-spool{{- end -}}
{{- define "wardgate.policyDir" -}}/etc/wardgate/policy{{- end -}}

{{/*
The ext_proc filter: envoy/filters/ext-proc.yaml (the file the e2e tests run, linked into files/)
with grpc_service pointed at Istio's cluster for Wardgate. The authority is set because Envoy would
otherwise send the cluster name, whose "|" is not a valid gRPC :authority.
*/}}
{{- define "wardgate.extProcFilter" -}}
{{- $filter := .Files.Get "files/envoy/ext-proc.yaml" | fromYaml -}}
{{- if not $filter.typed_config -}}
{{- fail "files/envoy/ext-proc.yaml is missing or has no typed_config (it links to envoy/filters/ext-proc.yaml)" -}}
{{- end -}}
{{- $grpc := $filter.typed_config.grpc_service -}}
{{- $_ := set $grpc "envoy_grpc" (dict "cluster_name" (include "wardgate.istioCluster" .) "authority" (include "wardgate.serviceHost" .)) -}}
{{- toYaml $filter -}}
{{- end -}}

{{/*
The ext_authz filter for the outbound attachment, where no AuthorizationPolicy applies: the
same envoy/filters/ext-authz.yaml, pointed at Istio's cluster for Wardgate.
*/}}
{{- define "wardgate.extAuthzFilter" -}}
{{- $filter := .Files.Get "files/envoy/ext-authz.yaml" | fromYaml -}}
{{- if not $filter.typed_config -}}
{{- fail "files/envoy/ext-authz.yaml is missing or has no typed_config (it links to envoy/filters/ext-authz.yaml)" -}}
{{- end -}}
{{- $grpc := $filter.typed_config.grpc_service -}}
{{- $_ := set $grpc "envoy_grpc" (dict "cluster_name" (include "wardgate.istioCluster" .) "authority" (include "wardgate.serviceHost" .)) -}}
{{- toYaml $filter -}}
{{- end -}}

{{/* Fails the render on combinations that cannot work. */}}
{{- define "wardgate.validate" -}}
{{- $l := .Values.lifecycle -}}
{{- if le (int $l.terminationGracePeriodSeconds) (add (int $l.preStopSleepSeconds) (int $l.shutdownGraceSeconds)) -}}
{{- fail (printf "lifecycle.terminationGracePeriodSeconds (%d) must exceed preStopSleepSeconds + shutdownGraceSeconds (%d)" (int $l.terminationGracePeriodSeconds) (add (int $l.preStopSleepSeconds) (int $l.shutdownGraceSeconds))) -}}
{{- end -}}
{{- if not (has .Values.mesh.attachment (list "inbound" "outbound" "both")) -}}
{{- fail (printf "mesh.attachment must be inbound, outbound or both, not %q" .Values.mesh.attachment) -}}
{{- end -}}
{{- if and (not .Values.redis.enabled) (or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1)) -}}
{{- fail "redis.enabled false keeps grants in one pod's memory: set replicaCount 1 and autoscaling.enabled false, or enable Redis" -}}
{{- end -}}
{{- if and .Values.kafka.sasl.enabled (not .Values.kafka.sasl.existingSecret) -}}
{{- fail "kafka.sasl.enabled needs kafka.sasl.existingSecret (the Secret holding the SASL password)" -}}
{{- end -}}
{{- if and .Values.podDisruptionBudget.enabled .Values.podDisruptionBudget.minAvailable .Values.podDisruptionBudget.maxUnavailable -}}
{{- fail "podDisruptionBudget: give minAvailable or maxUnavailable, not both" -}}
{{- end -}}
{{- end -}}
