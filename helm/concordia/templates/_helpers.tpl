{{/*
Chart name, truncated to 63 characters (the DNS-1123 label limit).
*/}}
{{- define "concordia.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: <release>-<chart> unless the release name already contains the chart name.
*/}}
{{- define "concordia.fullname" -}}
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

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "concordia.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "concordia.labels" -}}
helm.sh/chart: {{ include "concordia.chart" . }}
{{ include "concordia.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/component: clearing-api
app.kubernetes.io/part-of: concordia
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels (immutable on a Deployment: keep them minimal).
*/}}
{{- define "concordia.selectorLabels" -}}
app.kubernetes.io/name: {{ include "concordia.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount to use.
*/}}
{{- define "concordia.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "concordia.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Container image reference: repository:tag, or repository@digest when a digest is given.
The tag defaults to the chart's appVersion.
*/}}
{{- define "concordia.image" -}}
{{- $repo := .Values.image.repository }}
{{- if .Values.image.registry }}
{{- $repo = printf "%s/%s" .Values.image.registry .Values.image.repository }}
{{- end }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" $repo .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" $repo (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}
{{- end }}

{{/*
The HTTP port the Quarkus application listens on inside the pod (QUARKUS_HTTP_PORT).
*/}}
{{- define "concordia.httpPort" -}}
8080
{{- end }}

{{/*
Absolute path of the mounted JWT verification public key (MP_JWT_VERIFY_PUBLICKEY_LOCATION).
*/}}
{{- define "concordia.jwtPublicKeyPath" -}}
{{- printf "%s/%s" (.Values.jwt.publicKey.mountPath | trimSuffix "/") .Values.jwt.publicKey.fileName }}
{{- end }}

{{/*
Kafka security protocol to put in the ConfigMap: the explicit value, or SASL_SSL when SASL is enabled.
Empty means "leave the client default (PLAINTEXT)".
*/}}
{{- define "concordia.kafkaSecurityProtocol" -}}
{{- if .Values.kafka.securityProtocol }}
{{- .Values.kafka.securityProtocol }}
{{- else if .Values.kafka.sasl.enabled }}
{{- "SASL_SSL" }}
{{- else if .Values.kafka.tls.enabled }}
{{- "SSL" }}
{{- end }}
{{- end }}
