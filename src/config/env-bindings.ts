/**
 * Every environment variable Wardgate reads, and the config path it sets. This table is the
 * only place environment variables are known (the README's reference is generated from it
 * by `wardgate config env`). Values from the environment override the YAML file.
 */
export interface EnvBinding {
  name: string;
  path: readonly string[];
  parse: 'string' | 'int' | 'bool' | 'list';
  description: string;
}

export const envBindings: readonly EnvBinding[] = [
  { name: 'WARDGATE_CONFIG', path: [], parse: 'string', description: 'Path of the YAML configuration file (also `--config`).' },
  { name: 'WARDGATE_LOG_LEVEL', path: ['logLevel'], parse: 'string', description: 'trace | debug | info | warn | error (default info).' },
  { name: 'WARDGATE_GRPC_PORT', path: ['server', 'grpc', 'port'], parse: 'int', description: 'gRPC port for ext_authz, ext_proc and health (default 9000).' },
  { name: 'WARDGATE_HTTP_PORT', path: ['server', 'http', 'port'], parse: 'int', description: 'HTTP port for /healthz, /readyz, /metrics and the admin API (default 9090).' },
  { name: 'WARDGATE_POLICY_FILE', path: ['policy', 'file'], parse: 'string', description: 'Policy YAML file, hot-reloaded (default: the embedded demo policy).' },
  { name: 'WARDGATE_DRY_RUN', path: ['policy', 'dryRun'], parse: 'bool', description: 'true: decide and record, but allow everything (rollout).' },
  { name: 'WARDGATE_REDIS_URL', path: ['redis', 'url'], parse: 'string', description: 'redis://host:port — use Redis for grants and approvals (default: in memory).' },
  { name: 'WARDGATE_KAFKA_BROKERS', path: ['audit', 'kafka', 'brokers'], parse: 'list', description: 'host:port[,host:port] — send audit events to Kafka (default: local JSONL file).' },
  { name: 'WARDGATE_KAFKA_TOPIC', path: ['audit', 'kafka', 'topic'], parse: 'string', description: 'Audit topic (default wardgate.audit).' },
  { name: 'WARDGATE_AUDIT_FILE', path: ['audit', 'file', 'path'], parse: 'string', description: 'JSONL audit file when Kafka is not configured (default ./wardgate-audit.jsonl).' },
  { name: 'WARDGATE_AUDIT_SPOOL_DIR', path: ['audit', 'spool', 'dir'], parse: 'string', description: 'Directory of the local write-ahead log every audit event goes through before Kafka.' },
  { name: 'WARDGATE_OIDC_ISSUER', path: ['identity', 'issuers', '0', 'issuer'], parse: 'string', description: 'OIDC issuer of user tokens (with WARDGATE_OIDC_JWKS_URI and WARDGATE_OIDC_AUDIENCE).' },
  { name: 'WARDGATE_OIDC_JWKS_URI', path: ['identity', 'issuers', '0', 'jwksUri'], parse: 'string', description: 'JWKS URL of that issuer.' },
  { name: 'WARDGATE_OIDC_AUDIENCE', path: ['identity', 'issuers', '0', 'audiences'], parse: 'list', description: 'Accepted audiences (comma-separated).' },
];
